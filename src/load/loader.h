// Loader: files, directories and stdin to a model::Cluster.
//
//   tg::load::Loader loader;
//   loader.addPath("manifests/");      // recursive: .yaml .yml .json
//   loader.addPath("-");               // stdin
//   tg::load::LoadResult r = std::move(loader).finish();
//
// It never stops at a bad object: each problem becomes a Diagnostic (file, line, message) and the
// remaining objects are still loaded. The caller decides the exit code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "load/arena.h"
#include "load/decode_context.h"
#include "load/parse.h"
#include "model/cluster.h"

namespace tg::load {

struct Diagnostic {
  std::string file;
  uint32_t line = 0;
  std::string message;

  std::string str() const;  // "FILE:LINE: message"
};

struct LoadResult {
  model::Cluster cluster;
  std::vector<Diagnostic> diagnostics;
  size_t objects = 0;  // objects decoded (modelled kinds)
};

class Loader {
 public:
  void addPath(const std::string& path);
  // `name` is what diagnostics and source locations call this text.
  void addText(const std::string& name, std::string_view text);
  LoadResult finish() &&;

 private:
  void addFile(const std::string& path);
  void addPadded(const std::string& name, PaddedText text);
  void decodeDocument(const Node& doc, const std::shared_ptr<const std::string>& file,
                      std::string_view listKind = {}, std::string_view listApiVersion = {});

  DecodeContext ctx_;
  Arena arena_;  // the file's text and the document being decoded; reused from file to file
  std::vector<Diagnostic> diagnostics_;
  size_t objects_ = 0;
};

// Convenience: load every path; see Loader.
LoadResult loadPaths(const std::vector<std::string>& paths);

}  // namespace tg::load
