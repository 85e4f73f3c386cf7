// The pieces both HTML reports share: the page shell with its inline CSS and script, and the
// JSON encoding of a VerifyResult (tables of interned names, connection strings and rule
// references keep the per-tenant blocks small at a thousand tenants). Internal to src/report.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "verify/verify.h"

namespace tg::report::html {

extern const char* const kCss;
extern const char* const kScript;

// Strings, rule references and layer results stored once, referred to by index.
class Tables {
 public:
  int text(const std::string& s) { return intern(texts_, textIndex_, s); }
  int conns(const std::string& s) { return intern(conns_, connsIndex_, s); }
  int ref(const layers::Ref& r);
  // One layer result: [layerText, verdict ('a'llow, 'd'eny, 'p'artial), connsIndex, [refIndex...]]
  // in a `layers` table: the current tenant block's between beginRow and endRow (most layer
  // results are particular to one pair of tenants), else the global one.
  int layer(const verify::LayerResult& l);
  nlohmann::json layers(const std::vector<verify::LayerResult>& ls);  // [layerIndex...]
  void beginRow();
  void endRow(nlohmann::json& row);  // moves the block's layer table into row["layers"]
  void writeTo(nlohmann::json& data) const;

 private:
  struct LayerTable {
    nlohmann::json entries = nlohmann::json::array();
    std::map<std::string, int> index;
  };
  static int intern(nlohmann::json& arr, std::map<std::string, int>& index, const std::string& s);
  nlohmann::json texts_ = nlohmann::json::array(), conns_ = nlohmann::json::array(), refs_ = nlohmann::json::array();
  std::map<std::string, int> textIndex_, connsIndex_, refIndex_;
  LayerTable global_, row_;
  bool inRow_ = false;
};

// What the page embeds at most; the rest is counted and named on the page, and every output
// format but html carries all of it. Limits keep a thousand-tenant report a few dozen MB.
inline constexpr size_t kMaxFindingsPerId = 5000;
inline constexpr size_t kMaxFlowsPerPair = 20;

// One matrix cell as one character: '-' same tenant, '.' no workload pair, 'O' undeclared
// flows, 'D' declared flows only, '1'..'3' blocked by that many independent layers.
char cellCode(const verify::TenantPair& p);

// The global block (summary, tenants, matrix rows, findings, load-bearing objects) into `data`
// and one block per tenant into `rows` (its outgoing cells and flows).
void encodeVerify(const verify::VerifyResult& r, Tables& t, nlohmann::json& data, std::vector<nlohmann::json>& rows);

// [id, severity, message, fileText, line, objectText, hintText] (the *Text fields index `texts`).
nlohmann::json findingRow(const verify::Finding& f, Tables& t);
// Findings with at most kMaxFindingsPerId of each ID; `omitted` gets {id: count} of the rest.
nlohmann::json findingRows(const std::vector<verify::Finding>& list, Tables& t, nlohmann::json& omitted);

// The page: `data` (after Tables::writeTo) and the per-tenant blocks, escaped for <script>.
std::string page(const std::string& title, const nlohmann::json& data, const std::vector<nlohmann::json>& rows);

}  // namespace tg::report::html
