#include "fw_rules.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tg::conformance::nca {
namespace {

// The connections a section of the output speaks about.
enum class Section { All, Tcp, NonTcp };

net::ConnectionSet sectionConnections(Section s) {
  switch (s) {
    case Section::All: return net::ConnectionSet::all();
    case Section::Tcp: return net::ConnectionSet::allPorts(net::Protocol::TCP);
    case Section::NonTcp: return net::ConnectionSet::all().minus(net::ConnectionSet::allPorts(net::Protocol::TCP));
  }
  return {};
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split(std::string_view s, std::string_view sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t at; (at = s.find(sep, start)) != std::string_view::npos; start = at + sep.size())
    out.emplace_back(trim(s.substr(start, at - start)));
  out.emplace_back(trim(s.substr(start)));
  return out;
}

[[noreturn]] void fail(const std::string& what) { throw ExpectedOutputError(what); }

uint32_t parseNumber(std::string_view s) {
  uint32_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) fail(fmt::format("`{}` is not a number", s));
  return v;
}

net::PortSet parsePorts(const std::vector<std::string>& values) {
  net::PortSet ports;
  for (const std::string& v : values) {
    auto dash = v.find('-');
    if (dash == std::string::npos) {
      uint32_t p = parseNumber(v);
      ports.add(p, p);
    } else {
      ports.add(parseNumber(std::string_view(v).substr(0, dash)), parseNumber(std::string_view(v).substr(dash + 1)));
    }
  }
  return ports;
}

// Protocols other than TCP, UDP and SCTP, by name or IANA number.
net::ConnectionSet otherProtocol(const std::string& name) {
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  if (upper == "ICMP") return net::ConnectionSet::protocolNumber(net::kIanaIcmp);
  if (upper == "ICMPV6" || upper == "ICMP6") return net::ConnectionSet::protocolNumber(net::kIanaIcmpv6);
  return net::ConnectionSet::protocolNumber(parseNumber(name));
}

// Splits `{a:x,b:y, z}` into fields: a `,` followed by a space separates values, not fields.
std::vector<std::string_view> connectionFields(std::string_view body) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i < body.size(); ++i)
    if (body[i] == ',' && (i + 1 >= body.size() || body[i + 1] != ' ')) {
      out.push_back(body.substr(start, i - start));
      start = i + 1;
    }
  out.push_back(body.substr(start));
  return out;
}

// `10.0.0.0/8`, `1.2.3.4`, `10.0.0.0-10.255.255.255`, or several joined by `,`; nullopt when the
// text is not addresses (a DNS name).
std::optional<net::IpSet> parseAddresses(std::string_view text) {
  net::IpSet out;
  for (const std::string& item : split(text, ",")) {
    if (item.find('/') != std::string::npos) {
      auto cidr = net::parseCidr(item);
      if (!cidr) return std::nullopt;
      out.add(*cidr);
      continue;
    }
    if (auto ip = net::parseIp(item)) {
      out.add(*ip, *ip);
      continue;
    }
    auto dash = item.find('-');
    if (dash == std::string::npos) return std::nullopt;
    auto lo = net::parseIp(std::string_view(item).substr(0, dash));
    auto hi = net::parseIp(std::string_view(item).substr(dash + 1));
    if (!lo || !hi || *hi < *lo) return std::nullopt;
    out.add(*lo, *hi);
  }
  return out;
}

RulePeer addressOrDnsPeer(std::string_view text) {
  RulePeer p;
  p.text = std::string(text);
  if (auto addresses = parseAddresses(text)) {
    p.kind = RulePeer::Kind::Addresses;
    p.addresses = std::move(*addresses);
  } else {
    p.kind = RulePeer::Kind::DnsName;
  }
  return p;
}

PodSelection parsePodSelection(std::string_view text) {
  PodSelection s;
  s.text = std::string(text);
  if (text == "*") return s;
  if (text.find_first_of("(=") != std::string_view::npos) {
    std::string error;
    s.labels = LabelExpression::parse(text, &error);
    if (!s.labels) fail(fmt::format("label expression `{}`: {}", text, error));
    s.kind = PodSelection::Kind::Labels;
    return s;
  }
  s.kind = PodSelection::Kind::Names;
  s.names = split(text, ",");
  return s;
}

// One side of a fw-rule, read from `line` at `pos`: `src_ns: [..] src_pods: [..]` or `src: X`.
class RuleReader {
 public:
  explicit RuleReader(std::string_view line) : line_(line) {}

  RulePeer element(std::string_view side) {
    RulePeer p;
    if (accept(fmt::format("{}_ns: [", side))) {
      p.kind = RulePeer::Kind::Pods;
      p.namespaces = split(until("]"), ",");
      expect(fmt::format("] {}_pods: [", side));
      std::string_view pods = until("]");
      expect("]");
      p.pods = parsePodSelection(pods);
      p.text = fmt::format("[{}]/[{}]", fmt::join(p.namespaces, ","), pods);
    } else if (accept(fmt::format("{}: ", side))) {
      std::string_view token = until(" ");
      p = addressOrDnsPeer(token);
    } else {
      fail(fmt::format("expected `{}_ns:` or `{}:` at offset {}", side, side, pos_));
    }
    accept(" ");
    return p;
  }

  std::string_view connection() {
    expect("conn: ");
    return line_.substr(pos_);
  }

 private:
  bool accept(std::string_view s) {
    if (line_.substr(pos_, s.size()) != s) return false;
    pos_ += s.size();
    return true;
  }

  void expect(std::string_view s) {
    if (!accept(s)) fail(fmt::format("expected `{}` at offset {}", s, pos_));
  }

  std::string_view until(std::string_view end) {
    size_t at = line_.find(end, pos_);
    if (at == std::string_view::npos) fail(fmt::format("missing `{}`", end));
    std::string_view out = line_.substr(pos_, at - pos_);
    pos_ = at;
    return out;
  }

  std::string_view line_;
  size_t pos_ = 0;
};

FwRule parseFwRule(std::string_view line, Section section) {
  RuleReader r(line);
  FwRule rule;
  rule.src = r.element("src");
  rule.dst = r.element("dst");
  rule.conn = parseConnection(r.connection()).intersect(sectionConnections(section));
  return rule;
}

// `ns/name[Kind]` or addresses, in the connection-list form.
RulePeer connlistPeer(std::string_view text) {
  auto slash = text.find('/');
  auto bracket = text.find('[');
  if (bracket == std::string_view::npos || slash == std::string_view::npos || slash > bracket)
    return addressOrDnsPeer(text);
  RulePeer p;
  p.kind = RulePeer::Kind::Pods;
  p.text = std::string(text);
  p.namespaces = {std::string(text.substr(0, slash))};
  p.pods.kind = PodSelection::Kind::Names;
  p.pods.names = {std::string(text.substr(slash + 1, bracket - slash - 1))};
  p.pods.text = p.pods.names[0];
  return p;
}

FwRule parseConnlistLine(std::string_view line, Section section) {
  auto arrow = line.find(" => ");
  auto colon = line.find(" : ", arrow == std::string_view::npos ? 0 : arrow);
  if (arrow == std::string_view::npos || colon == std::string_view::npos) fail("expected `SRC => DST : CONN`");
  FwRule rule;
  rule.src = connlistPeer(trim(line.substr(0, arrow)));
  rule.dst = connlistPeer(trim(line.substr(arrow + 4, colon - arrow - 4)));
  rule.conn = parseConnection(line.substr(colon + 3)).intersect(sectionConnections(section));
  return rule;
}

// `[For connections of type TCP, ]final fw rules for query: Q, config: C:`
bool parseSectionHeader(std::string_view line, Section& section, std::string& config) {
  constexpr std::string_view kMarker = "final fw rules for query: ";
  auto marker = line.find(kMarker);
  if (marker == std::string_view::npos) return false;
  section = startsWith(line, "For connections of type TCP") ? Section::Tcp
            : startsWith(line, "For connections of type non-TCP") ? Section::NonTcp
                                                                  : Section::All;
  auto cfg = line.find(", config: ", marker);
  if (cfg == std::string_view::npos || line.back() != ':') fail("section header without `, config: NAME:`");
  config = std::string(line.substr(cfg + 10, line.size() - cfg - 11));
  return true;
}

}  // namespace

Conn parseConnection(std::string_view text) {
  text = trim(text);
  if (text == "All connections") return Conn(net::ConnectionSet::all());
  if (text == "No connections") return Conn();
  if (text.size() < 2 || text.front() != '{' || text.back() != '}')
    fail(fmt::format("connection `{}` is neither `All connections` nor `{{...}}`", text));

  std::optional<std::vector<std::string>> protocols;
  std::optional<net::PortSet> ports;
  HttpRestriction http;
  for (std::string_view field : connectionFields(text.substr(1, text.size() - 2))) {
    auto colon = field.find(':');
    if (colon == std::string_view::npos) fail(fmt::format("connection field `{}` without `:`", field));
    std::string_view key = field.substr(0, colon);
    std::vector<std::string> values = split(field.substr(colon + 1), ", ");
    if (key == "protocols") protocols = values;
    else if (key == "dst_ports") ports = parsePorts(values);
    else if (key == "methods") http.methods = values;
    else if (key == "paths") http.paths = values;
    else if (key == "hosts") http.hosts = values;
    else fail(fmt::format("unsupported connection field `{}`", key));
  }
  for (auto* list : {&http.methods, &http.paths, &http.hosts}) std::sort(list->begin(), list->end());

  const net::PortSet portSet = ports.value_or(net::PortSet(net::kMinPort, net::kMaxPort));
  net::ConnectionSet l4;
  if (!protocols) {
    for (auto p : {net::Protocol::TCP, net::Protocol::UDP, net::Protocol::SCTP}) l4.add(net::ConnectionSet::ports(p, portSet));
    if (!ports) l4 = net::ConnectionSet::all();
  } else {
    for (const std::string& name : *protocols) {
      if (auto p = net::parseProtocol(name)) l4.add(net::ConnectionSet::ports(*p, portSet));
      else if (!ports) l4.add(otherProtocol(name));
      else fail(fmt::format("ports given for protocol {}", name));
    }
  }
  return Conn(l4, http);
}

std::vector<ConfigOutput> parseExpectedOutput(std::string_view text, OutputFormat format) {
  std::vector<ConfigOutput> out;
  Section section = Section::All;
  Section previous = Section::All;
  size_t lineNo = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    ++lineNo;
    if (line.empty()) continue;
    try {
      std::string config;
      if (format == OutputFormat::FwRules && parseSectionHeader(line, section, config)) {
        // A non-TCP section continues the config whose TCP section came just before.
        bool continues = section == Section::NonTcp && previous == Section::Tcp && !out.empty() &&
                         out.back().config == config;
        if (!continues) out.push_back({config, {}});
        previous = section;
        continue;
      }
      if (format == OutputFormat::Connlist && (line == "TCP Connections:" || line == "non-TCP Connections:")) {
        section = line == "TCP Connections:" ? Section::Tcp : Section::NonTcp;
        continue;
      }
      if (out.empty()) {
        if (format == OutputFormat::FwRules) fail("rule before any `final fw rules` header");
        out.push_back({"", {}});
      }
      FwRule rule = format == OutputFormat::FwRules ? parseFwRule(line, section) : parseConnlistLine(line, section);
      rule.line = lineNo;
      out.back().rules.push_back(std::move(rule));
    } catch (const ExpectedOutputError& e) {
      throw ExpectedOutputError(fmt::format("line {}: {}", lineNo, e.what()));
    }
  }
  if (out.empty() && format == OutputFormat::Connlist) out.push_back({"", {}});
  return out;
}

}  // namespace tg::conformance::nca
