#include "audit/log_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstring>
#include <fstream>

namespace tg::audit {
namespace {

class AuditLogReader : public ::testing::Test {
 protected:
  std::string path(const std::string& name) { return dir_ + "/" + name; }
  void write(const std::string& name, const std::string& text) { std::ofstream(path(name), std::ios::binary) << text; }
  void writeGzip(const std::string& name, const std::string& text) {
    gzFile f = gzopen(path(name).c_str(), "wb");
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
  }
  std::vector<LogLine> readAll(const std::string& name, std::vector<std::string>& texts) {
    LogReader reader;
    std::string error;
    EXPECT_TRUE(reader.open(path(name), error)) << error;
    std::vector<LogLine> out;
    LogLine line;
    while (reader.next(line)) {
      EXPECT_GE(line.capacity, line.text.size() + LogReader::kLinePadding);
      texts.emplace_back(line.text);
      out.push_back(line);
      out.back().pod = {};  // views die with the reader
    }
    EXPECT_EQ(reader.error(), "");
    return out;
  }

  void SetUp() override {
    char tmpl[] = "/tmp/tg-audit-reader-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }
  std::string dir_;
};

TEST_F(AuditLogReader, SplitsLinesStripsCarriageReturnsAndKubectlPrefixes) {
  write("a.log", "[pod/api-1/istio-proxy] {\"a\":1}\r\nplain\n\nlast without newline");
  LogReader reader;
  std::string error;
  ASSERT_TRUE(reader.open(path("a.log"), error));
  LogLine l;
  ASSERT_TRUE(reader.next(l));
  EXPECT_EQ(l.text, "{\"a\":1}");
  EXPECT_EQ(l.pod, "api-1");
  EXPECT_EQ(l.number, 1u);
  ASSERT_TRUE(reader.next(l));
  EXPECT_EQ(l.text, "plain");
  EXPECT_EQ(l.pod, "");
  ASSERT_TRUE(reader.next(l));
  EXPECT_EQ(l.text, "");
  ASSERT_TRUE(reader.next(l));
  EXPECT_EQ(l.text, "last without newline");
  EXPECT_EQ(l.number, 4u);
  EXPECT_FALSE(reader.next(l));
}

TEST_F(AuditLogReader, GzipAndPlainGiveTheSameLines) {
  std::string text;
  for (int i = 0; i < 50000; ++i) text += "line " + std::to_string(i) + " " + std::string(i % 97, 'x') + "\n";
  write("plain.log", text);
  writeGzip("packed.log.gz", text);
  std::vector<std::string> plain, packed;
  readAll("plain.log", plain);
  readAll("packed.log.gz", packed);
  ASSERT_EQ(plain.size(), 50000u);
  EXPECT_EQ(plain, packed);
  EXPECT_EQ(plain[49999], "line 49999 " + std::string(49999 % 97, 'x'));
}

TEST_F(AuditLogReader, LinesLongerThanOneBlock) {
  std::string longLine(9 << 20, 'y');
  write("long.log", "short\n" + longLine + "\nafter\n");
  std::vector<std::string> lines;
  readAll("long.log", lines);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1].size(), longLine.size());
  EXPECT_EQ(lines[2], "after");
}

TEST_F(AuditLogReader, MissingFileIsAnError) {
  LogReader reader;
  std::string error;
  EXPECT_FALSE(reader.open(path("nope.log"), error));
  EXPECT_EQ(error, std::strerror(ENOENT));
}

}  // namespace
}  // namespace tg::audit
