#include "audit/json_log_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "audit/record_fields.h"

namespace tg::audit {
namespace {

// Parses `line` the way the reader hands it over: followed by padding.
const char* parse(JsonLogParser& p, std::string line, LogRecord& r, std::string& storage) {
  storage = line + std::string(simdjson::SIMDJSON_PADDING, ' ');
  return p.parse(std::string_view(storage).substr(0, line.size()), storage.size(), r);
}

TEST(AuditJsonParser, ReadsIstioKeysAndSkipsTheRest) {
  JsonLogParser p;
  LogRecord r;
  std::string buf;
  ASSERT_EQ(parse(p,
                  R"({"start_time":"2026-11-02T09:00:01.204Z","method":"GET","path":"/a","protocol":"HTTP/1.1","response_code":403,)"
                  R"("response_flags":"-","response_code_details":"rbac_access_denied_matched_policy[none]","bytes_sent":19,)"
                  R"("authority":"api.b:8080","upstream_cluster":"inbound|8080||","upstream_host":null,"nested":{"x":[1,2]},)"
                  R"("downstream_local_address":"10.2.0.20:8080","downstream_remote_address":"10.1.0.10:1",)"
                  R"("requested_server_name":"outbound_.8080_._.api.b.svc.cluster.local","downstream_peer_uri_san":"spiffe://td/ns/a/sa/f",)"
                  R"("connection_termination_details":null,"pod_name":"api-1","pod_namespace":"b"})",
                  r, buf),
            nullptr);
  std::map<std::string, std::string> expected{
      {"start_time", "2026-11-02T09:00:01.204Z"},
      {"method", "GET"},
      {"path", "/a"},
      {"response_code", "403"},
      {"response_code_details", "rbac_access_denied_matched_policy[none]"},
      {"authority", "api.b:8080"},
      {"upstream_cluster", "inbound|8080||"},
      {"downstream_local_address", "10.2.0.20:8080"},
      {"downstream_remote_address", "10.1.0.10:1"},
      {"requested_server_name", "outbound_.8080_._.api.b.svc.cluster.local"},
      {"peer", "spiffe://td/ns/a/sa/f"},
      {"pod_name", "api-1"},
      {"pod_namespace", "b"}};
  EXPECT_EQ(fieldsOf(r), expected);
}

TEST(AuditJsonParser, ResponseCodeAsStringNullOrDash) {
  JsonLogParser p;
  LogRecord r;
  std::string buf;
  ASSERT_EQ(parse(p, R"({"response_code":"503"})", r, buf), nullptr);
  EXPECT_EQ(r.responseCode, 503);
  ASSERT_EQ(parse(p, R"({"response_code":null})", r, buf), nullptr);
  EXPECT_EQ(r.responseCode, 0);
  ASSERT_EQ(parse(p, R"({"response_code":"-"})", r, buf), nullptr);
  EXPECT_EQ(r.responseCode, 0);
}

TEST(AuditJsonParser, MalformedLinesSayWhatIsWrong) {
  JsonLogParser p;
  LogRecord r;
  std::string buf;
  EXPECT_NE(parse(p, R"({"method":"GET","path":"/a","start_ti)", r, buf), nullptr);
  EXPECT_STREQ(parse(p, R"([1,2])", r, buf), "not one JSON object");
  EXPECT_STREQ(parse(p, R"({"response_code":"OK"})", r, buf), "response_code is not an HTTP status");
  EXPECT_STREQ(parse(p, R"({"path":5})", r, buf), "an access-log field is not a string");
  EXPECT_STREQ(parse(p, R"({"path":"/a"} trailing)", r, buf), "not one JSON object");
  EXPECT_STREQ(parse(p, R"({"path":"/a"} {"path":"/b"})", r, buf), "not one JSON object");
  // The parser is reusable after an error.
  EXPECT_EQ(parse(p, R"({"path":"/ok"})", r, buf), nullptr);
  EXPECT_EQ(r.path, "/ok");
}

}  // namespace
}  // namespace tg::audit
