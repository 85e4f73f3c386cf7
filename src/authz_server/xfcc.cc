#include "authz_server/xfcc.h"

#include <cctype>

namespace tg::authz {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t'; }

bool isKeyChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

// A byte that may appear in a bare value: printable ASCII except the separators and quotes.
bool isBareValueChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f && c != ',' && c != ';' && c != '=' && c != '"' && c != '\\';
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  XfccParse run() {
    XfccParse out;
    if (s_.size() > kXfccMaxLength) return fail(out, "header too long");
    for (char c : s_) {
      auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7f) return fail(out, "control character");
    }
    skipSpace();
    if (atEnd()) return fail(out, "empty header");
    while (true) {
      if (out.elements.size() == kXfccMaxElements) return fail(out, "too many elements");
      XfccElement element;
      if (!parseElement(element)) return fail(out, error_);
      out.elements.push_back(std::move(element));
      skipSpace();
      if (atEnd()) break;
      if (s_[i_] != ',') return fail(out, "expected ',' between elements");
      ++i_;
      skipSpace();
    }
    return out;
  }

 private:
  XfccParse& fail(XfccParse& out, std::string why) {
    out.elements.clear();
    out.error = std::move(why);
    return out;
  }

  bool atEnd() const { return i_ >= s_.size(); }
  void skipSpace() {
    while (!atEnd() && isSpace(s_[i_])) ++i_;
  }

  bool parseElement(XfccElement& element) {
    while (true) {
      skipSpace();
      if (element.pairs.size() == kXfccMaxPairs) return error("too many fields in an element");
      std::string key, value;
      if (!parseKey(key) || !expect('=') || !parseValue(value)) return false;
      element.pairs.emplace_back(std::move(key), std::move(value));
      skipSpace();
      if (atEnd() || s_[i_] == ',') return true;
      if (s_[i_] != ';') return error("expected ';' between fields");
      ++i_;
    }
  }

  bool parseKey(std::string& key) {
    size_t start = i_;
    while (!atEnd() && isKeyChar(s_[i_])) {
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(s_[i_])));
      ++i_;
    }
    if (i_ == start) return error("expected a field name");
    skipSpace();
    return true;
  }

  bool expect(char c) {
    if (atEnd() || s_[i_] != c) return error(std::string("expected '") + c + "'");
    ++i_;
    skipSpace();
    return true;
  }

  bool parseValue(std::string& value) {
    if (!atEnd() && s_[i_] == '"') {
      ++i_;
      while (true) {
        if (atEnd()) return error("unterminated quoted value");
        char c = s_[i_++];
        if (c == '"') return true;
        if (c == '\\') {
          if (atEnd()) return error("unterminated escape");
          char e = s_[i_++];
          if (e != '"' && e != '\\') return error("bad escape in quoted value");
          value += e;
          continue;
        }
        value += c;
      }
    }
    while (!atEnd() && isBareValueChar(s_[i_])) value += s_[i_++];
    if (!atEnd() && (s_[i_] == '=' || s_[i_] == '"' || s_[i_] == '\\'))
      return error("unexpected character in value");
    return true;
  }

  bool error(std::string why) {
    error_ = std::move(why);
    return false;
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string error_;
};

}  // namespace

std::vector<std::string_view> XfccElement::values(std::string_view key) const {
  std::vector<std::string_view> out;
  for (const auto& [k, v] : pairs)
    if (k == key) out.emplace_back(v);
  return out;
}

XfccParse parseXfcc(std::string_view header) { return Parser(header).run(); }

std::optional<XfccPeer> verifiedPeer(std::string_view header, std::string& error) {
  XfccParse parsed = parseXfcc(header);
  if (!parsed.ok()) {
    error = "x-forwarded-client-cert: " + parsed.error;
    return std::nullopt;
  }
  const XfccElement& last = parsed.elements.back();
  std::vector<std::string_view> uris = last.values("uri");
  if (uris.size() != 1 || uris.front().empty()) {
    error = uris.size() > 1 ? "x-forwarded-client-cert: the last element has more than one URI"
                            : "x-forwarded-client-cert: no URI in the last element";
    return std::nullopt;
  }
  std::vector<std::string_view> bys = last.values("by");
  if (bys.size() > 1) {
    error = "x-forwarded-client-cert: the last element has more than one By";
    return std::nullopt;
  }
  XfccPeer peer;
  peer.uri = std::string(uris.front());
  if (!bys.empty()) peer.by = std::string(bys.front());
  return peer;
}

}  // namespace tg::authz
