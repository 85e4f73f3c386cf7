#include "facts.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace tg::conformance::nca {
namespace {

std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

}  // namespace

Peer Peer::workload(const model::Workload& w) { return {Kind::Workload, w.displayName(), 0, 0}; }

Peer Peer::addresses(net::IpValue lo, net::IpValue hi) { return {Kind::Addresses, "", lo, hi}; }

Peer Peer::dnsName(std::string host) { return {Kind::DnsName, std::move(host), 0, 0}; }

std::string Peer::str() const {
  switch (kind) {
    case Kind::Workload: return name;
    case Kind::Addresses: return net::formatIpRange(lo, hi);
    case Kind::DnsName: return name + "[DNS]";
  }
  return "?";
}

bool Peer::operator<(const Peer& o) const {
  return std::tie(kind, name, lo, hi) < std::tie(o.kind, o.name, o.lo, o.hi);
}

std::string HttpRestriction::str() const {
  std::vector<std::string> parts;
  if (!methods.empty()) parts.push_back("methods:" + joined(methods, ","));
  if (!paths.empty()) parts.push_back("paths:" + joined(paths, ","));
  if (!hosts.empty()) parts.push_back("hosts:" + joined(hosts, ","));
  if (!condition.empty()) parts.push_back("condition:" + condition);
  return joined(parts, ",");
}

Conn::Conn(const net::ConnectionSet& l4, const HttpRestriction& http) { add(l4, http); }

void Conn::add(const net::ConnectionSet& l4, const HttpRestriction& http) {
  const HttpRestriction anyRequest;
  net::ConnectionSet conns = l4;
  if (!http.any()) {
    if (auto plain = parts_.find(anyRequest); plain != parts_.end()) conns = conns.minus(plain->second);
  }
  if (conns.empty()) return;
  parts_[http].add(conns);
  if (http.any()) {
    // What is now allowed for any request needs no restricted entry.
    for (auto it = parts_.begin(); it != parts_.end();) {
      if (!it->first.any()) it->second = it->second.minus(conns);
      it = it->second.empty() ? parts_.erase(it) : std::next(it);
    }
  }
}

void Conn::add(const Conn& other) {
  for (const auto& [http, l4] : other.parts_) add(l4, http);
}

Conn Conn::intersect(const net::ConnectionSet& l4) const {
  Conn out;
  for (const auto& [http, conns] : parts_) out.add(conns.intersect(l4), http);
  return out;
}

bool Conn::hasHttpRestrictions() const {
  return std::any_of(parts_.begin(), parts_.end(), [](const auto& p) { return !p.first.any(); });
}

bool Conn::hasOpaqueConditions() const {
  return std::any_of(parts_.begin(), parts_.end(), [](const auto& p) { return !p.first.condition.empty(); });
}

std::string Conn::str() const {
  if (parts_.empty()) return "none";
  std::vector<std::string> out;
  for (const auto& [http, conns] : parts_)
    out.push_back(http.any() ? conns.toString() : fmt::format("{} [{}]", conns.toString(), http.str()));
  return joined(out, "; ");
}

void FactSet::add(const Peer& src, const Peer& dst, const Conn& conn) {
  if (conn.empty()) return;
  if (src.kind == Peer::Kind::Workload && src == dst) return;
  facts_[{src, dst}].add(conn);
}

net::IpSet FactSet::addresses() const {
  net::IpSet out;
  for (const auto& [key, conn] : facts_)
    for (const Peer* p : {&key.first, &key.second})
      if (p->kind == Peer::Kind::Addresses) out.add(p->lo, p->hi);
  return out;
}

FactSet FactSet::splitAddresses(const std::vector<net::IpSet::Interval>& atoms) const {
  auto pieces = [&](const Peer& p) {
    std::vector<Peer> out;
    if (p.kind != Peer::Kind::Addresses) {
      out.push_back(p);
      return out;
    }
    auto it = std::lower_bound(atoms.begin(), atoms.end(), p.lo,
                               [](const net::IpSet::Interval& a, net::IpValue v) { return a.hi < v; });
    for (; it != atoms.end() && it->lo <= p.hi; ++it)
      if (it->lo >= p.lo && it->hi <= p.hi) out.push_back(Peer::addresses(it->lo, it->hi));
    return out;
  };
  FactSet out;
  for (const auto& [key, conn] : facts_)
    for (const Peer& s : pieces(key.first))
      for (const Peer& d : pieces(key.second)) out.add(s, d, conn);
  return out;
}

}  // namespace tg::conformance::nca
