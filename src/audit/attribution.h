// Who sent and who received a logged request, as workloads of the cluster snapshot and tenants.
//
// Source: the peer's SPIFFE identity (spiffe://TD/ns/NS/sa/SA) when logged, else the source
// address among the snapshot's pod IPs; for an outbound entry, the logging pod itself.
// Destination: the logging pod, the local address, the SNI
// (outbound_.8080_._.svc.ns.svc.cluster.local), the upstream cluster or the authority; for an
// outbound entry, the upstream host's address first.
//
// Workloads that a shared service of the spec selects are marked as such.
// A service account or Service that maps to exactly one workload names that workload; otherwise
// the party is named after it (`ns/sa[ServiceAccount]`, `ns/svc[Service]`) and still has a
// namespace, hence a tenant. Answers are cached per distinct key, so the work per line is a hash
// lookup.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "audit/log_record.h"
#include "audit/outcome.h"
#include "model/cluster.h"
#include "net/ip.h"
#include "tenant/tenancy.h"

namespace tg::audit {

struct Party {
  std::string name;      // ns/name[Kind], ns/sa[ServiceAccount] or ns/svc[Service]
  std::string workload;  // the workload's name (what spec flows name), empty when not one
  const std::string* tenant = nullptr;  // null: not a tenant's (platform, shared service)
  const tenant::SharedService* shared = nullptr;  // the spec's shared service this workload is
};

class Attribution {
 public:
  using Id = uint32_t;
  static constexpr Id kUnknown = UINT32_MAX;

  // Both must outlive the attribution.
  Attribution(const model::Cluster& cluster, const tenant::Tenancy& tenancy);

  Id source(const LogRecord& r, Direction d);
  Id destination(const LogRecord& r, Direction d);
  const Party& party(Id id) const { return parties_[id]; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Cache = std::unordered_map<std::string, Id, Hash, std::equal_to<>>;

  Id cached(Cache& cache, std::string_view key, Id (Attribution::*resolve)(std::string_view));
  Id byPrincipal(std::string_view spiffe);
  Id byIp(std::string_view ip);
  Id byPod(std::string_view pod);
  Id byHost(std::string_view host);
  Id workloadParty(const model::Workload& w);
  Id namedParty(std::string name, const std::string& ns);
  Id podParty(std::string_view pod, std::string_view ns);

  const model::Cluster& cluster_;
  const tenant::Tenancy& tenancy_;
  struct IpRange {
    net::IpValue lo, hi;
    const model::Workload* workload;
  };
  std::vector<IpRange> podIps_;  // sorted by lo
  std::multimap<std::string, const model::Workload*, std::less<>> byName_;
  std::vector<Party> parties_;
  std::map<std::string, Id, std::less<>> partyIds_;
  Cache principals_, addresses_, pods_, hosts_;
  std::string podKey_;  // reused: no allocation per line
};

}  // namespace tg::audit
