// AuthorizationPolicy matchers, in the style of Envoy's RBAC filter: a policy compiles into a
// tree of small matchers, each with one `matches()`. A matcher answers with a Cond: true/false
// when the flow decides it, an atom when it depends on what the flow leaves open (the HTTP
// request when none is given, a JWT, which pod address among several).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layers/mesh/condition.h"
#include "layers/mesh/namespace_names.h"
#include "layers/peer_reach.h"
#include "net/ip.h"

namespace tg::layers::mesh {

// A concrete HTTP request (`eval --method --path --header`). Header names are lower case.
struct HttpRequest {
  std::string method = "GET";
  std::string path = "/";
  std::optional<std::string> host;  // absent: not fixed (host matches stay open)
  std::map<std::string, std::string> headers;
};

// What the destination proxy knows about one flow.
struct FlowFacts {
  bool mtls = false;             // peer identity known (mutual TLS)
  std::string principal;         // with mtls: TRUST_DOMAIN/ns/NS/sa/SA
  std::string ns;                // with mtls
  std::string serviceAccount;    // with mtls: the name only
  net::IpSet sourceIps;          // empty: unknown
  net::IpSet destinationIps;     // empty: unknown
  uint32_t port = 0;
  bool http = false;
  const HttpRequest* request = nullptr;  // null: symbolic (every request)
};

// Exact, `prefix*`, `*suffix`, `*` (present and non-empty), or a path template with `{*}`/`{**}`.
class StringPattern {
 public:
  explicit StringPattern(std::string pattern, bool ignoreCase = false);
  bool matches(const std::string& value) const;
  const std::string& text() const { return text_; }
  // Over every string that starts with `prefix` (and goes on): does the pattern match none, all,
  // or some of them?
  PeerReach reachOverPrefix(const std::string& prefix) const;
  // Namespaces N for which reachOverPrefix(head + N + "/…") may differ from its answer for every
  // other namespace (a namespace name has no '/'), appended to `out`: more is safe, fewer is not.
  void singledOutAfter(std::string_view head, const NamespaceNames& names, std::vector<uint32_t>& out) const;
  // Namespaces whose name matches() may tell apart from the rest, appended to `out`.
  void singledOutNames(const NamespaceNames& names, std::vector<uint32_t>& out) const;

 private:
  enum class Kind { Exact, Prefix, Suffix, Present, Template };
  Kind kind_ = Kind::Exact;
  std::string text_;   // as written
  std::string value_;  // without the '*'
  bool ignoreCase_ = false;
};

// The sources of one namespace, as far as identity matchers can tell them apart.
struct SourceScope {
  const std::string& ns;
  const std::string& trustDomain;  // principals are TRUST_DOMAIN/ns/NS/sa/SA
  bool addressed = false;          // the sources have known addresses
};

class Matcher {
 public:
  virtual ~Matcher() = default;
  virtual Cond matches(const FlowFacts& f) const = 0;
  // Appends one layers::PeerReach character per leaf: how the leaf sees the mTLS sources of
  // `scope`. Sources of namespaces with equal signatures get equal answers from the whole tree.
  virtual void sourceReach(const SourceScope& scope, std::string& signature) const {
    signature += static_cast<char>(PeerReach::Varies);
  }
  // Appends the namespaces whose sources sourceReach may sign differently from those of every
  // other namespace (for one trust domain and addressed flag). Leaves that do not look at the
  // namespace append nothing.
  virtual void singledOut(const NamespaceNames&, std::string_view /*trustDomain*/, std::vector<uint32_t>&) const {}
};
using MatcherPtr = std::unique_ptr<const Matcher>;

class AnyMatcher : public Matcher {
 public:
  Cond matches(const FlowFacts&) const override { return Cond::truth(); }
  void sourceReach(const SourceScope&, std::string& sig) const override { sig += static_cast<char>(PeerReach::Fixed); }
};

class AndMatcher : public Matcher {
 public:
  explicit AndMatcher(std::vector<MatcherPtr> parts) : parts_(std::move(parts)) {}
  Cond matches(const FlowFacts& f) const override;
  void sourceReach(const SourceScope& scope, std::string& sig) const override {
    for (const auto& p : parts_) p->sourceReach(scope, sig);
  }
  void singledOut(const NamespaceNames& names, std::string_view td, std::vector<uint32_t>& out) const override {
    for (const auto& p : parts_) p->singledOut(names, td, out);
  }

 private:
  std::vector<MatcherPtr> parts_;
};

class OrMatcher : public Matcher {
 public:
  explicit OrMatcher(std::vector<MatcherPtr> parts) : parts_(std::move(parts)) {}
  Cond matches(const FlowFacts& f) const override;
  void sourceReach(const SourceScope& scope, std::string& sig) const override {
    for (const auto& p : parts_) p->sourceReach(scope, sig);
  }
  void singledOut(const NamespaceNames& names, std::string_view td, std::vector<uint32_t>& out) const override {
    for (const auto& p : parts_) p->singledOut(names, td, out);
  }

 private:
  std::vector<MatcherPtr> parts_;
};

class NotMatcher : public Matcher {
 public:
  explicit NotMatcher(MatcherPtr inner) : inner_(std::move(inner)) {}
  Cond matches(const FlowFacts& f) const override { return inner_->matches(f).negate(); }
  void sourceReach(const SourceScope& scope, std::string& sig) const override { inner_->sourceReach(scope, sig); }
  void singledOut(const NamespaceNames& names, std::string_view td, std::vector<uint32_t>& out) const override {
    inner_->singledOut(names, td, out);
  }

 private:
  MatcherPtr inner_;
};

// Identity of the peer from its certificate; false for a plaintext peer (so `not*` is true).
class PrincipalMatcher : public Matcher {
 public:
  explicit PrincipalMatcher(std::vector<StringPattern> p) : patterns_(std::move(p)) {}
  Cond matches(const FlowFacts& f) const override;
  void sourceReach(const SourceScope& scope, std::string& sig) const override;
  void singledOut(const NamespaceNames& names, std::string_view td, std::vector<uint32_t>& out) const override;

 private:
  std::vector<StringPattern> patterns_;
};

class NamespaceMatcher : public Matcher {
 public:
  explicit NamespaceMatcher(std::vector<StringPattern> p) : patterns_(std::move(p)) {}
  Cond matches(const FlowFacts& f) const override;
  void sourceReach(const SourceScope& scope, std::string& sig) const override;
  void singledOut(const NamespaceNames& names, std::string_view td, std::vector<uint32_t>& out) const override;

 private:
  std::vector<StringPattern> patterns_;
};

// `serviceAccounts` entries are NAMESPACE/NAME.
class ServiceAccountMatcher : public Matcher {
 public:
  explicit ServiceAccountMatcher(std::vector<StringPattern> p) : patterns_(std::move(p)) {}
  Cond matches(const FlowFacts& f) const override;
  void sourceReach(const SourceScope& scope, std::string& sig) const override;
  void singledOut(const NamespaceNames& names, std::string_view td, std::vector<uint32_t>& out) const override;

 private:
  std::vector<StringPattern> patterns_;
};

// ipBlocks / remoteIpBlocks / source.ip / remote.ip / destination.ip. The remote address is the
// source's own (no X-Forwarded-For is modelled).
class IpMatcher : public Matcher {
 public:
  enum class Which { Source, Remote, Destination };
  IpMatcher(Which which, net::IpSet addresses, std::string text)
      : which_(which), addresses_(std::move(addresses)), text_(std::move(text)) {}
  Cond matches(const FlowFacts& f) const override;
  void sourceReach(const SourceScope& scope, std::string& sig) const override {
    bool varies = which_ != Which::Destination && scope.addressed;
    sig += static_cast<char>(varies ? PeerReach::Varies : PeerReach::Fixed);
  }

 private:
  Which which_;
  net::IpSet addresses_;
  std::string text_;
};

class PortMatcher : public Matcher {
 public:
  explicit PortMatcher(std::vector<uint32_t> ports) : ports_(std::move(ports)) {}
  Cond matches(const FlowFacts& f) const override;
  void sourceReach(const SourceScope&, std::string& sig) const override { sig += static_cast<char>(PeerReach::Fixed); }

 private:
  std::vector<uint32_t> ports_;
};

// A request attribute: method, path, host (case-insensitive), or a header. Decided from the
// concrete request when there is one; an atom otherwise.
class RequestMatcher : public Matcher {
 public:
  enum class Attribute { Method, Path, Host, Header };
  RequestMatcher(Attribute attr, std::vector<StringPattern> p, std::string header = {})
      : attr_(attr), patterns_(std::move(p)), header_(std::move(header)) {}
  Cond matches(const FlowFacts& f) const override;
  void sourceReach(const SourceScope&, std::string& sig) const override { sig += static_cast<char>(PeerReach::Fixed); }

 private:
  Attribute attr_;
  std::vector<StringPattern> patterns_;
  std::string header_;  // lower case
};

// What tenantguard never knows from manifests: the JWT (requestPrincipals, request.auth.*), the
// TLS SNI, experimental keys. Always an atom, so the outcome stays conditional on it.
class OpenMatcher : public Matcher {
 public:
  OpenMatcher(std::string attribute, std::vector<std::string> values)
      : attribute_(std::move(attribute)), values_(std::move(values)) {}
  Cond matches(const FlowFacts& f) const override;
  void sourceReach(const SourceScope&, std::string& sig) const override { sig += static_cast<char>(PeerReach::Fixed); }

 private:
  std::string attribute_;
  std::vector<std::string> values_;
};

// "a|b|c" for atoms.
std::string joinValues(const std::vector<std::string>& values);

}  // namespace tg::layers::mesh
