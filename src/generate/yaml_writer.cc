#include "generate/yaml_writer.h"

#include <set>
#include <string_view>

namespace tg::generate {
namespace {

bool needsQuotes(const std::string& s) {
  if (s.empty()) return true;
  static const std::set<std::string> reserved{"true", "false", "yes", "no", "on", "off", "null", "~",
                                              "True", "False", "Yes", "No", "On", "Off", "Null", "NULL"};
  if (reserved.count(s)) return true;
  char f = s.front();
  if (std::string_view("-?:,[]{}#&*!|>'\"%@` ").find(f) != std::string_view::npos) return true;
  if ((f >= '0' && f <= '9') || f == '.' || f == '+') return true;  // would read as a number
  if (s.back() == ' ' || s.back() == ':') return true;
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return true;
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20) return true;
  return false;
}

std::string scalar(const Json& v) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    return needsQuotes(s) ? Json(s).dump() : s;
  }
  return v.dump();
}

// Multi-line text that reads back unchanged as a `|` block: no other control characters, no
// leading blank on the first line (it would set the block's indentation).
bool isBlockText(const std::string& s) {
  if (s.find('\n') == std::string::npos || s.front() == ' ' || s.front() == '\n') return false;
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') return false;
  return true;
}

bool isEmptyCollection(const Json& v) { return (v.is_object() || v.is_array()) && v.empty(); }

void emit(const Json& v, int indent, std::string& out);

// A value after "key:" or "- ": inline when scalar or empty, else on the following lines.
void emitAfterKey(const Json& v, int indent, std::string& out) {
  if (v.is_string() && isBlockText(v.get_ref<const std::string&>())) {
    std::string_view text = v.get_ref<const std::string&>();
    // Chomping: keep the text's own trailing newlines exactly.
    bool endsNl = text.back() == '\n';
    bool endsTwo = text.size() > 1 && endsNl && text[text.size() - 2] == '\n';
    out += endsTwo ? " |+\n" : endsNl ? " |\n" : " |-\n";
    if (endsNl) text.remove_suffix(1);
    std::string pad(indent + 2, ' ');
    for (size_t pos = 0;;) {
      size_t nl = text.find('\n', pos);
      std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
      if (!line.empty()) out += pad;
      out += line;
      out += '\n';
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
    return;
  }
  if (isEmptyCollection(v)) {
    out += v.is_object() ? " {}\n" : " []\n";
    return;
  }
  if (v.is_object() || v.is_array()) {
    out += '\n';
    emit(v, indent + 2, out);
    return;
  }
  out += ' ' + scalar(v) + '\n';
}

void emit(const Json& v, int indent, std::string& out) {
  std::string pad(indent, ' ');
  if (v.is_object()) {
    for (const auto& [k, child] : v.items()) {
      out += pad + (needsQuotes(k) ? Json(k).dump() : k) + ':';
      emitAfterKey(child, indent, out);
    }
  } else if (v.is_array()) {
    for (const auto& child : v) {
      if (child.is_object() && !child.empty()) {
        // "- first: x" then the other keys aligned under it.
        std::string nested;
        emit(child, indent + 2, nested);
        out += pad + "- " + nested.substr(indent + 2);
      } else {
        out += pad + '-';
        emitAfterKey(child, indent, out);
      }
    }
  } else {
    out += pad + scalar(v) + '\n';
  }
}

}  // namespace

std::string toYaml(const Json& doc) {
  std::string out;
  emit(doc, 0, out);
  return out;
}

}  // namespace tg::generate
