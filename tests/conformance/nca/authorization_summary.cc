#include "authorization_summary.h"

#include <algorithm>
#include <charconv>
#include <string>

namespace tg::conformance::nca {
namespace {

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::vector<std::string_view> splitOn(std::string_view s, std::string_view sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t at; (at = s.find(sep, start)) != std::string_view::npos; start = at + sep.size())
    out.push_back(s.substr(start, at - start));
  out.push_back(s.substr(start));
  return out;
}

// `text` split at `sep` outside parentheses.
std::vector<std::string_view> splitTopLevel(std::string_view text, std::string_view sep) {
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    else if (text[i] == ')') --depth;
    else if (depth == 0 && text.substr(i, sep.size()) == sep) {
      out.push_back(text.substr(start, i - start));
      i += sep.size() - 1;
      start = i + 1;
    }
  }
  out.push_back(text.substr(start));
  return out;
}

std::string_view unwrap(std::string_view s) {
  while (s.size() >= 2 && s.front() == '(' && s.back() == ')' && splitTopLevel(s.substr(1, s.size() - 2), ")").size() == 1)
    s = s.substr(1, s.size() - 2);
  return s;
}

// One atom into `r`; false when it is not a positive method/path/host match.
bool addAtom(std::string_view atom, HttpRestriction& r) {
  std::vector<std::string>* into = nullptr;
  std::string_view rest;
  for (auto [prefix, list] : {std::pair{std::string_view("method "), &r.methods},
                              std::pair{std::string_view("path "), &r.paths},
                              std::pair{std::string_view("host "), &r.hosts}})
    if (startsWith(atom, prefix)) {
      into = list;
      rest = atom.substr(prefix.size());
    }
  if (!into || !into->empty() || startsWith(rest, "not ") || rest.empty()) return false;
  for (std::string_view v : splitOn(rest, "|")) into->emplace_back(v == "\"\"" ? std::string_view() : v);
  std::sort(into->begin(), into->end());
  return true;
}

// Disjunctive normal form of an AND/OR expression over atoms, as restrictions.
std::optional<std::vector<HttpRestriction>> dnf(std::string_view expr) {
  expr = unwrap(expr);
  std::vector<std::string_view> terms = splitTopLevel(expr, " or ");
  std::vector<HttpRestriction> out;
  if (terms.size() > 1) {
    for (std::string_view t : terms) {
      auto part = dnf(t);
      if (!part) return std::nullopt;
      out.insert(out.end(), part->begin(), part->end());
    }
    return out;
  }
  std::vector<HttpRestriction> product{HttpRestriction{}};
  for (std::string_view factor : splitTopLevel(expr, " and ")) {
    factor = unwrap(factor);
    if (splitTopLevel(factor, " or ").size() > 1 || splitTopLevel(factor, " and ").size() > 1) {
      auto sub = dnf(factor);
      if (!sub) return std::nullopt;
      std::vector<HttpRestriction> next;
      for (const HttpRestriction& a : product)
        for (const HttpRestriction& b : *sub) {
          HttpRestriction c = a;
          for (auto [from, to] : {std::pair{&b.methods, &c.methods}, std::pair{&b.paths, &c.paths},
                                  std::pair{&b.hosts, &c.hosts}}) {
            if (from->empty()) continue;
            if (!to->empty()) return std::nullopt;  // an intersection of value sets: not needed yet
            *to = *from;
          }
          next.push_back(std::move(c));
        }
      product = std::move(next);
      continue;
    }
    for (HttpRestriction& r : product)
      if (!addAtom(factor, r)) return std::nullopt;
  }
  return product;
}

std::optional<net::PortSet> parsePorts(std::string_view text) {
  net::PortSet out;
  for (std::string_view part : splitOn(text, ",")) {
    auto dash = part.find('-');
    std::string_view lo = part.substr(0, dash), hi = dash == std::string_view::npos ? lo : part.substr(dash + 1);
    uint32_t a = 0, b = 0;
    if (std::from_chars(lo.data(), lo.data() + lo.size(), a).ec != std::errc() ||
        std::from_chars(hi.data(), hi.data() + hi.size(), b).ec != std::errc())
      return std::nullopt;
    out.add(a, b);
  }
  return out;
}

void addUnder(Conn& out, const net::ConnectionSet& conns, std::string_view condition) {
  if (auto restrictions = restrictionsOf(condition)) {
    for (const HttpRestriction& r : *restrictions) out.add(Conn(conns, r));
    return;
  }
  HttpRestriction opaque;
  opaque.condition = std::string(condition);
  out.add(Conn(conns, opaque));
}

}  // namespace

std::optional<std::vector<HttpRestriction>> restrictionsOf(std::string_view condition) {
  constexpr std::string_view kOnly = "only when ";
  if (!startsWith(condition, kOnly)) return std::nullopt;
  return dnf(condition.substr(kOnly.size()));
}

Conn conditionalConnections(const net::ConnectionSet& conns, std::string_view summary) {
  const net::ConnectionSet tcp = conns.intersect(net::ConnectionSet::allPorts(net::Protocol::TCP));
  Conn out(conns.minus(tcp));
  if (!startsWith(summary, "TCP ")) {
    addUnder(out, tcp, summary);
    return out;
  }
  // Per port set; TCP ports no part names are allowed for every request.
  net::ConnectionSet rest = tcp;
  for (std::string_view part : splitOn(summary, "; ")) {
    auto colon = part.find(": ");
    std::optional<net::PortSet> ports;
    if (startsWith(part, "TCP ") && colon != std::string_view::npos) ports = parsePorts(part.substr(4, colon - 4));
    if (!ports) {  // not the per-port form after all
      Conn whole(conns.minus(tcp));
      addUnder(whole, tcp, summary);
      return whole;
    }
    net::ConnectionSet these = tcp.intersect(net::ConnectionSet::ports(net::Protocol::TCP, *ports));
    rest = rest.minus(these);
    addUnder(out, these, part.substr(colon + 2));
  }
  out.add(Conn(rest));
  return out;
}

}  // namespace tg::conformance::nca
