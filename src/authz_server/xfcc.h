// x-forwarded-client-cert (XFCC), the header Envoy uses to tell the next hop who the client was.
//
//   By=spiffe://td/ns/shared/sa/logs;Hash=ab12;Subject="";URI=spiffe://td/ns/tenant-acme/sa/web
//
// Elements are separated by ',', key=value pairs inside an element by ';'. A value is either a
// bare run of characters or a double-quoted string in which `\"` and `\\` are escapes. Keys are
// case-insensitive (By, Hash, Cert, Chain, Subject, URI, DNS).
//
// Trust: with forward_client_cert_details APPEND_FORWARD (Istio sidecars) the proxy appends the
// element describing the certificate it verified, so only the LAST element is the proxy's word;
// every earlier element came from the client and may be forged.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tg::authz {

struct XfccElement {
  std::vector<std::pair<std::string, std::string>> pairs;  // keys lower case, values unquoted

  // Every value of `key` (lower case), in order.
  std::vector<std::string_view> values(std::string_view key) const;
};

struct XfccParse {
  std::vector<XfccElement> elements;
  std::string error;  // empty when the header parsed
  bool ok() const { return error.empty(); }
};

inline constexpr size_t kXfccMaxLength = 64 * 1024;
inline constexpr size_t kXfccMaxElements = 64;
inline constexpr size_t kXfccMaxPairs = 64;  // per element

// Strict: any syntax error, an empty element, a header over the limits above, or a control
// character makes the whole header invalid (the caller denies).
XfccParse parseXfcc(std::string_view header);

// The identity the proxy vouched for: the last element's single URI (and its By, when present).
struct XfccPeer {
  std::string uri;  // the client's URI SAN
  std::string by;   // the proxy's own URI SAN; empty when absent
};

// nullopt with `error` set when the header is invalid, the last element has no URI or more than
// one (a SPIFFE certificate has exactly one URI SAN).
std::optional<XfccPeer> verifiedPeer(std::string_view header, std::string& error);

}  // namespace tg::authz
