#include "net/connection_set.h"

#include <fmt/format.h>

namespace tg::net {
namespace {

IntervalSet<uint32_t> otherProtocolUniverse() {
  IntervalSet<uint32_t> s(0, 255);
  for (uint32_t n : {kIanaTcp, kIanaUdp, kIanaSctp}) s = s.minus(IntervalSet<uint32_t>(n, n));
  return s;
}

std::string otherProtocolName(uint32_t n) {
  if (n == kIanaIcmp) return "ICMP";
  if (n == kIanaIcmpv6) return "ICMPv6";
  return fmt::format("protocol-{}", n);
}

}  // namespace

std::string formatPorts(const PortSet& ports) {
  std::string out;
  for (const auto& i : ports.intervals()) {
    if (!out.empty()) out += ',';
    out += i.lo == i.hi ? fmt::format("{}", i.lo) : fmt::format("{}-{}", i.lo, i.hi);
  }
  return out;
}

ConnectionSet ConnectionSet::all() {
  ConnectionSet c;
  for (auto& p : c.ports_) p = PortSet(kMinPort, kMaxPort);
  c.other_ = otherProtocolUniverse();
  return c;
}

ConnectionSet ConnectionSet::ports(Protocol p, const PortSet& ports) {
  ConnectionSet c;
  c.ports_[index(p)] = ports.intersect(PortSet(kMinPort, kMaxPort));
  return c;
}

ConnectionSet ConnectionSet::protocolNumber(uint32_t number) {
  if (number == kIanaTcp) return allPorts(Protocol::TCP);
  if (number == kIanaUdp) return allPorts(Protocol::UDP);
  if (number == kIanaSctp) return allPorts(Protocol::SCTP);
  ConnectionSet c;
  if (number <= 255) c.other_.add(number, number);
  return c;
}

bool ConnectionSet::empty() const {
  for (const auto& p : ports_)
    if (!p.empty()) return false;
  return other_.empty();
}

ConnectionSet ConnectionSet::unite(const ConnectionSet& o) const {
  ConnectionSet r;
  for (size_t i = 0; i < ports_.size(); ++i) r.ports_[i] = ports_[i].unite(o.ports_[i]);
  r.other_ = other_.unite(o.other_);
  return r;
}

ConnectionSet ConnectionSet::intersect(const ConnectionSet& o) const {
  ConnectionSet r;
  for (size_t i = 0; i < ports_.size(); ++i) r.ports_[i] = ports_[i].intersect(o.ports_[i]);
  r.other_ = other_.intersect(o.other_);
  return r;
}

ConnectionSet ConnectionSet::minus(const ConnectionSet& o) const {
  ConnectionSet r;
  for (size_t i = 0; i < ports_.size(); ++i) r.ports_[i] = ports_[i].minus(o.ports_[i]);
  r.other_ = other_.minus(o.other_);
  return r;
}

std::string ConnectionSet::toString() const {
  if (empty()) return "No Connections";
  bool portProtocolsFull = true;
  for (const PortSet& ps : ports_) portProtocolsFull = portProtocolsFull && ps == PortSet(kMinPort, kMaxPort);
  // Kubernetes NetworkPolicy speaks of TCP, UDP and SCTP only, and netpol-analyzer's connlist
  // calls all of them "All Connections"; other protocols (Calico's ICMP, ...) are named only
  // when some but not all of them are allowed.
  bool othersSilent = other_.empty() || other_ == otherProtocolUniverse();
  if (portProtocolsFull && othersSilent) return "All Connections";
  std::string out;
  // Sorted by protocol name, as netpol-analyzer prints them.
  for (Protocol p : {Protocol::SCTP, Protocol::TCP, Protocol::UDP}) {
    const PortSet& ps = ports_[index(p)];
    if (ps.empty()) continue;
    if (!out.empty()) out += ',';
    out += fmt::format("{} {}", protocolName(p), formatPorts(ps));
  }
  if (othersSilent) return out.empty() ? "All Connections" : out;
  for (const auto& i : other_.intervals())
    for (uint32_t n = i.lo; n <= i.hi; ++n) {
      if (!out.empty()) out += ',';
      out += otherProtocolName(n);
    }
  return out;
}

}  // namespace tg::net
