#include "generate/bundle.h"

#include <algorithm>
#include <cctype>

namespace tg::generate {
namespace {

std::string namespaceOf(const Json& o) {
  const Json& md = o.at("metadata");
  return md.contains("namespace") ? md.at("namespace").get<std::string>() : "";
}

std::string fileOf(const Json& o) {
  std::string ns = namespaceOf(o);
  if (!ns.empty()) return ns + ".yaml";
  std::string kind = o.at("kind").get<std::string>();
  std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char c) { return std::tolower(c); });
  return "cluster/" + kind + ".yaml";
}

void append(std::string& out, const Json& o) {
  out += "---\n";
  out += toYaml(o);
}

}  // namespace

void Bundle::add(Json object) {
  object["metadata"]["labels"][kManagedByLabel] = kManagedBy;
  objects.push_back(std::move(object));
}

std::string renderStream(const Bundle& bundle) {
  std::string out = "# " + bundle.title + "\n";
  for (const Json& o : bundle.objects) append(out, o);
  return out;
}

std::map<std::string, std::string> renderFiles(const Bundle& bundle) {
  std::map<std::string, std::string> files;
  std::vector<std::string> order;  // by first object, so kustomize sees the apply order
  for (const Json& o : bundle.objects) {
    std::string path = fileOf(o);
    auto [it, fresh] = files.emplace(path, "# " + bundle.title + "\n");
    if (fresh) order.push_back(path);
    append(it->second, o);
  }
  Json kustomization{{"apiVersion", "kustomize.config.k8s.io/v1beta1"}, {"kind", "Kustomization"}, {"resources", order}};
  files["kustomization.yaml"] = "# " + bundle.title + "\n" + toYaml(kustomization);
  return files;
}

}  // namespace tg::generate
