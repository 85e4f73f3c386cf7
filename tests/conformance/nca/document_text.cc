#include "document_text.h"

#include <fmt/format.h>

namespace tg::conformance::nca {
namespace {

// An unquoted scalar that reads back the same, unquoted, in YAML flow context and in JSON
// (numbers, true/false and plain words). Anything else is written double-quoted.
bool isBareWord(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == '-' || c == '+' || c == '/';
    if (!ok) return false;
  }
  return s[0] != '-' || (s.size() > 1 && s[1] >= '0' && s[1] <= '9');
}

class Writer {
 public:
  std::string take() { return std::move(out_); }

  void node(const load::Node& n) {
    moveToLine(n.line());
    switch (n.type()) {
      case load::Node::Type::Null: out_ += "null"; return;
      case load::Node::Type::Scalar:
        if (!n.quoted() && isBareWord(n.text())) out_ += n.text();
        else quoted(n.text());
        return;
      case load::Node::Type::Sequence: {
        out_ += '[';
        bool first = true;
        for (const load::Node& item : n.items()) {
          if (!first) out_ += ", ";
          first = false;
          node(item);
        }
        out_ += ']';
        return;
      }
      case load::Node::Type::Mapping: {
        out_ += '{';
        bool first = true;
        for (const auto& [key, value] : n.fields()) {
          if (!first) out_ += ", ";
          first = false;
          // A key sits on its value's line; block-style values start below their key, which is
          // fine in flow style.
          moveToLine(value.line());
          quoted(key);
          out_ += ": ";
          node(value);
        }
        out_ += '}';
        return;
      }
    }
  }

 private:
  void moveToLine(uint32_t line) {
    while (line_ < line) {
      out_ += '\n';
      ++line_;
    }
  }

  // Escapes that YAML double-quoted scalars and JSON strings share.
  void quoted(std::string_view s) {
    out_ += '"';
    for (unsigned char c : s) {
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          if (c < 0x20 || c == 0x7f) out_ += fmt::format("\\u{:04x}", c);
          else out_ += static_cast<char>(c);
      }
    }
    out_ += '"';
  }

  std::string out_;
  uint32_t line_ = 1;
};

}  // namespace

std::string documentText(const load::Node& root) {
  Writer w;
  w.node(root);
  std::string text = w.take();
  text += '\n';
  return text;
}

}  // namespace tg::conformance::nca
