// Allowed-connection facts: which peer may connect to which, with what. Both NCA's expected
// connectivity map and tenantguard's result are turned into facts over the same topology, brought
// to the same granularity, and compared.
//
// Peers are workloads (pods grouped by top owner, named `ns/name[Kind]`), ranges of external
// addresses, and DNS names (Istio ServiceEntry hosts). A workload's connections to itself are not
// facts: tenantguard does not report them, and NCA's `[*]` rules cover them only by grouping.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "model/workload.h"
#include "net/connection_set.h"
#include "net/ip.h"

namespace tg::conformance::nca {

struct Peer {
  enum class Kind : uint8_t { Workload, Addresses, DnsName };
  Kind kind = Kind::Workload;
  std::string name;             // Workload: `ns/name[Kind]`; DnsName: the host
  net::IpValue lo = 0, hi = 0;  // Addresses: one range

  static Peer workload(const model::Workload& w);
  static Peer addresses(net::IpValue lo, net::IpValue hi);
  static Peer dnsName(std::string host);

  std::string str() const;
  bool operator==(const Peer& o) const { return kind == o.kind && name == o.name && lo == o.lo && hi == o.hi; }
  bool operator<(const Peer& o) const;
};

// The HTTP requests a connection is limited to (Istio, Ingress): each list empty = any.
struct HttpRestriction {
  std::vector<std::string> methods;  // sorted
  std::vector<std::string> paths;
  std::vector<std::string> hosts;
  // A condition of tenantguard's that is not a set of methods, paths and hosts (kept as text; it
  // never equals one of NCA's).
  std::string condition;

  bool any() const { return methods.empty() && paths.empty() && hosts.empty() && condition.empty(); }
  std::string str() const;  // "methods:GET,paths:/a"
  auto operator<=>(const HttpRestriction&) const = default;
};

// Connections: transport protocols and ports, some of them only for certain HTTP requests. Kept
// canonical so that equal sets compare equal: one ConnectionSet per distinct HTTP restriction,
// minus what the unrestricted part already allows.
class Conn {
 public:
  Conn() = default;
  explicit Conn(const net::ConnectionSet& l4, const HttpRestriction& http = {});

  void add(const Conn& other);
  Conn intersect(const net::ConnectionSet& l4) const;
  bool empty() const { return parts_.empty(); }
  bool hasHttpRestrictions() const;
  bool hasOpaqueConditions() const;  // a restriction with a `condition`
  const std::map<HttpRestriction, net::ConnectionSet>& parts() const { return parts_; }
  std::string str() const;

  bool operator==(const Conn&) const = default;

 private:
  void add(const net::ConnectionSet& l4, const HttpRestriction& http);
  std::map<HttpRestriction, net::ConnectionSet> parts_;  // the `any()` key: plain L4
};

// For test failure messages.
inline void PrintTo(const Conn& c, std::ostream* os) { *os << c.str(); }

class FactSet {
 public:
  using Key = std::pair<Peer, Peer>;  // source, destination

  // Unites with what is already known for the pair; a workload to itself is ignored.
  void add(const Peer& src, const Peer& dst, const Conn& conn);
  const std::map<Key, Conn>& facts() const { return facts_; }

  // Every address range named as a peer.
  net::IpSet addresses() const;
  // The same facts with every address peer cut into the `atoms` (sorted, disjoint) inside it. Each
  // peer range must be a union of atoms; address space no atom covers drops out.
  FactSet splitAddresses(const std::vector<net::IpSet::Interval>& atoms) const;

 private:
  std::map<Key, Conn> facts_;
};

}  // namespace tg::conformance::nca
