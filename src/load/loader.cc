#include "load/loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "load/fields.h"
#include "load/parse.h"

namespace tg::load {
namespace fs = std::filesystem;

std::string Diagnostic::str() const {
  return line ? fmt::format("{}:{}: {}", file, line, message) : fmt::format("{}: {}", file, message);
}

namespace {

bool isManifestFile(const fs::path& p) {
  auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

void Loader::addPath(const std::string& path) {
  if (path == "-") {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    addText("<stdin>", text);
    return;
  }
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && isManifestFile(it->path())) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());  // deterministic order
    for (const auto& f : files) addFile(f.string());
    return;
  }
  addFile(path);
}

void Loader::addFile(const std::string& path) {
  // Read in one piece straight into the arena, padded for the JSON parser, which then reads it in
  // place: a stream copy into a string and a copy into the parser's buffer cost as much as parsing.
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    diagnostics_.push_back({path, 0, "cannot read file"});
    return;
  }
  std::streamoff size = in.tellg();
  if (size <= 0) {
    // Not a regular file with a size (a pipe, /proc): read to the end.
    in.clear();
    in.seekg(0);
    std::ostringstream ss;
    ss << in.rdbuf();
    addText(path, ss.view());
    return;
  }
  char* data = static_cast<char*>(arena_.allocate(static_cast<size_t>(size) + PaddedText::kPadding, 16));
  in.seekg(0);
  in.read(data, size);
  auto got = static_cast<size_t>(in.gcount());
  std::memset(data + got, 0, PaddedText::kPadding);
  addPadded(path, {std::string_view(data, got)});
}

void Loader::addText(const std::string& name, std::string_view text) { addPadded(name, padded(text, arena_)); }

void Loader::addPadded(const std::string& name, PaddedText padded) {
  std::string_view text = padded.text;
  auto file = std::make_shared<const std::string>(name);
  bool json = endsWith(name, ".json") || (name == "<stdin>" && looksLikeJson(text));
  // Each document is decoded as soon as it is parsed, so only one document tree is in memory.
  // The file's syntax errors still come before its objects' diagnostics.
  size_t first = diagnostics_.size();
  DocumentFn decode = [&](const Node& doc) { decodeDocument(doc, file); };
  std::vector<ParseError> errors = json ? parseJson(padded, arena_, Keep::OneDocument, decode)
                                        : parseYaml(text, arena_, Keep::OneDocument, decode);
  std::vector<Diagnostic> syntax;
  for (const ParseError& e : errors) syntax.push_back({name, e.line, e.message});
  diagnostics_.insert(diagnostics_.begin() + static_cast<ptrdiff_t>(first), syntax.begin(), syntax.end());
  arena_.rewind({});  // the text and its last document
}

void Loader::decodeDocument(const Node& doc, const std::shared_ptr<const std::string>& file,
                            std::string_view listKind, std::string_view listApiVersion) {
  if (!doc.isMapping()) {
    diagnostics_.push_back({*file, doc.line(), "expected a Kubernetes object (a mapping with apiVersion and kind)"});
    return;
  }
  try {
    // Items of a typed list (`PodList`) may omit kind and apiVersion: they are the list's.
    auto kind = optString(doc, "kind");
    if ((!kind || kind->empty()) && !listKind.empty()) kind = std::string(listKind);
    if (!kind || kind->empty()) {
      diagnostics_.push_back({*file, doc.line(), "object without `kind`"});
      return;
    }
    // `kind: List` and typed lists (`PodList`, ...) from `kubectl get -o yaml|json`.
    if (endsWith(*kind, "List")) {
      if (const Node* items = optSequence(doc, "items")) {
        std::string itemKind = *kind == "List" ? "" : kind->substr(0, kind->size() - 4);
        std::string itemApi = optString(doc, "apiVersion").value_or("");
        for (const Node& item : items->items()) decodeDocument(item, file, itemKind, itemApi);
        return;
      }
    }
    std::string apiVersion = optString(doc, "apiVersion").value_or(std::string(listApiVersion));
    DecodeFn fn = findDecoder(apiVersion, *kind);
    if (!fn) {
      ++ctx_.cluster.skippedKinds[*kind];
      return;
    }
    ctx_.where = model::Source{file, doc.line()};
    ctx_.kind = *kind;
    ctx_.apiVersion = apiVersion;
    fn(doc, ctx_);
    ++objects_;
  } catch (const DecodeError& e) {
    diagnostics_.push_back({*file, e.line(), e.what()});
  }
}

LoadResult Loader::finish() && {
  LoadResult r;
  r.cluster = ctx_.finish();
  for (const auto& p : ctx_.problems) diagnostics_.push_back({p.where.path(), p.where.line, p.message});
  r.diagnostics = std::move(diagnostics_);
  r.objects = objects_;
  return r;
}

LoadResult loadPaths(const std::vector<std::string>& paths) {
  Loader loader;
  for (const auto& p : paths) loader.addPath(p);
  return std::move(loader).finish();
}

}  // namespace tg::load
