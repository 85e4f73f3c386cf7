// ConnectionSet: which protocols and ports a connection may use. Ports are exact interval sets
// per transport protocol; other IP protocols (ICMP, numbered) are a set of protocol numbers.
// "All Connections" means every protocol and every port.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "net/interval_set.h"
#include "net/protocol.h"

namespace tg::net {

using PortSet = IntervalSet<uint32_t>;

class ConnectionSet {
 public:
  ConnectionSet() = default;  // empty

  static ConnectionSet all();
  static ConnectionSet none() { return {}; }
  static ConnectionSet ports(Protocol p, const PortSet& ports);
  static ConnectionSet allPorts(Protocol p) { return ports(p, PortSet(kMinPort, kMaxPort)); }
  // A protocol by IANA number; 6/17/132 map to all ports of TCP/UDP/SCTP.
  static ConnectionSet protocolNumber(uint32_t number);

  bool empty() const;
  bool isAll() const { return *this == all(); }
  bool contains(Protocol p, uint32_t port) const { return ports_[index(p)].contains(port); }
  const PortSet& portsOf(Protocol p) const { return ports_[index(p)]; }
  const IntervalSet<uint32_t>& otherProtocols() const { return other_; }

  ConnectionSet unite(const ConnectionSet& o) const;
  ConnectionSet intersect(const ConnectionSet& o) const;
  ConnectionSet minus(const ConnectionSet& o) const;
  void add(const ConnectionSet& o) { *this = unite(o); }

  // netpol-analyzer's connlist form: "All Connections" (every TCP, UDP and SCTP port), or
  // "SCTP 1-9002,TCP 80,UDP 53" (protocols sorted by name, ports as ranges); other protocols
  // follow by name when only some of them are allowed.
  std::string toString() const;

  bool operator==(const ConnectionSet&) const = default;

 private:
  static size_t index(Protocol p) { return static_cast<size_t>(p); }
  std::array<PortSet, kPortProtocols> ports_;
  IntervalSet<uint32_t> other_;  // IANA numbers 0..255 other than TCP/UDP/SCTP
};

std::string formatPorts(const PortSet& ports);

}  // namespace tg::net
