// Parsing network-config-analyzer's expected connectivity maps (`.txt`).
//
// fw-rules form (`outputFormat: txt`), one section per config:
//
//   final fw rules for query: Q, config: C:
//   src_ns: [a,b] src_pods: [*] dst_ns: [c] dst_pods: [app in (x,y)] conn: {protocols:TCP,dst_ports:80}
//   src: 0.0.0.0/0 dst_ns: [c] dst_pods: [frontend] conn: All connections
//   src_ns: [c] src_pods: [web, api] dst: httpbin.example.com conn: {dst_ports:443,hosts:httpbin.example.com}
//
// With Istio, each config has a section "For connections of type TCP, final fw rules ..." and one
// "For connections of type non-TCP, ..."; a rule's connections are then within that protocol set.
//
// Connection-list form (`outputFormat: txt_no_fw_rules`), optionally under `TCP Connections:` /
// `non-TCP Connections:`:
//
//   default/frontend[Deployment] => 0.0.0.0-255.255.255.255 : {protocols:UDP,dst_ports:53}
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "facts.h"
#include "label_expression.h"
#include "net/ip.h"
#include "scheme.h"

namespace tg::conformance::nca {

// The pods of a rule element inside its namespaces.
struct PodSelection {
  enum class Kind { All, Names, Labels };
  Kind kind = Kind::All;
  std::vector<std::string> names;        // owner names (or pod names for pods without owner)
  std::optional<LabelExpression> labels;
  std::string text;                      // as written
};

struct RulePeer {
  enum class Kind { Pods, Addresses, DnsName };
  Kind kind = Kind::Pods;
  std::vector<std::string> namespaces;   // Pods
  PodSelection pods;                     // Pods
  net::IpSet addresses;                  // Addresses
  std::string text;                      // as written
};

struct FwRule {
  RulePeer src;
  RulePeer dst;
  Conn conn;          // already limited to the section's protocols
  size_t line = 0;    // in the expected-output file
};

// All rules printed for one config (its TCP and non-TCP sections together).
struct ConfigOutput {
  std::string config;  // as written in the section header; empty in the connection-list form
  std::vector<FwRule> rules;
};

class ExpectedOutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One ConfigOutput per config, in file order. Throws ExpectedOutputError (with the line) on text
// this parser does not understand.
std::vector<ConfigOutput> parseExpectedOutput(std::string_view text, OutputFormat format);

// NCA's connection text: `All connections`, or `{protocols:TCP, UDP,dst_ports:80-90,methods:GET,
// paths:/a, /b,hosts:h}` (fields split by `,`, values within a field by `, `). Throws
// ExpectedOutputError.
Conn parseConnection(std::string_view text);

}  // namespace tg::conformance::nca
