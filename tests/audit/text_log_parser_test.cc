#include "audit/text_log_parser.h"

#include <gtest/gtest.h>

#include "audit/record_fields.h"

namespace tg::audit {
namespace {

TEST(AuditTextParser, ReadsIstioDefaultFormat) {
  LogRecord r;
  const char* line =
      R"([2026-11-03T11:00:00.000Z] "GET /invoices?x=1 HTTP/1.1" 403 - rbac_access_denied_matched_policy[none] - "-" 0 19 0 - "-" "curl/8.5.0" "a1b2" "billing.tenant-globex:8080" "-" inbound|8080|| - 10.2.0.30:8080 10.1.0.20:52300 outbound_.8080_._.billing.tenant-globex.svc.cluster.local default)";
  ASSERT_EQ(parseTextLogLine(line, r), nullptr);
  std::map<std::string, std::string> expected{
      {"start_time", "2026-11-03T11:00:00.000Z"},
      {"method", "GET"},
      {"path", "/invoices?x=1"},
      {"response_code", "403"},
      {"response_code_details", "rbac_access_denied_matched_policy[none]"},
      {"authority", "billing.tenant-globex:8080"},
      {"upstream_cluster", "inbound|8080||"},
      {"downstream_local_address", "10.2.0.30:8080"},
      {"downstream_remote_address", "10.1.0.20:52300"},
      {"requested_server_name", "outbound_.8080_._.billing.tenant-globex.svc.cluster.local"}};
  EXPECT_EQ(fieldsOf(r), expected);
}

TEST(AuditTextParser, UserAgentWithQuotesAndSpacesDoesNotShiftFields) {
  LogRecord r;
  const char* line =
      R"([2026-11-03T11:01:00.000Z] "GET / HTTP/1.1" 200 - via_upstream - "-" 0 412 3 2 "-" "Mozilla/5.0 (X11) "quoted" agent" "b2c3" "api.tenant-globex:8080" "10.2.0.20:8080" inbound|8080|| 127.0.0.6:41100 10.2.0.20:8080 10.3.0.10:47800 - default)";
  ASSERT_EQ(parseTextLogLine(line, r), nullptr);
  auto fields = fieldsOf(r);
  EXPECT_EQ(fields["upstream_host"], "10.2.0.20:8080");
  EXPECT_EQ(fields["downstream_remote_address"], "10.3.0.10:47800");
  EXPECT_FALSE(fields.count("requested_server_name"));
}

TEST(AuditTextParser, TcpEntryAndFormatWithoutServerName) {
  LogRecord r;
  const char* line =
      R"([2026-11-03T11:03:00.000Z] "- - -" 0 UF - - "-" 0 0 10001 - "-" "-" "-" "-" "10.2.0.31:5432" outbound|5432||billing.tenant-globex.svc.cluster.local - 10.96.30.7:5432 10.3.0.10:51200)";
  ASSERT_EQ(parseTextLogLine(line, r), nullptr);
  std::map<std::string, std::string> expected{
      {"start_time", "2026-11-03T11:03:00.000Z"},
      {"response_flags", "UF"},
      {"upstream_cluster", "outbound|5432||billing.tenant-globex.svc.cluster.local"},
      {"upstream_host", "10.2.0.31:5432"},
      {"downstream_local_address", "10.96.30.7:5432"},
      {"downstream_remote_address", "10.3.0.10:51200"}};
  EXPECT_EQ(fieldsOf(r), expected);
}

TEST(AuditTextParser, MalformedLinesSayWhatIsWrong) {
  LogRecord r;
  EXPECT_STREQ(parseTextLogLine(R"([2026-11-03T11:05:00.000Z] "GET /x HTTP/1.1" abc)", r), "the response code is not a number");
  EXPECT_STREQ(parseTextLogLine("no bracket", r), "no [START_TIME] at the start of the line");
  EXPECT_STREQ(parseTextLogLine(R"([t] "GET" 200)", r), "the request is not \"METHOD PATH PROTOCOL\"");
  EXPECT_NE(parseTextLogLine(R"([t] "GET / HTTP/1.1" 200 - via_upstream - "-" 0 0 0 - "-" "ua" "id")", r), nullptr);
}

}  // namespace
}  // namespace tg::audit
