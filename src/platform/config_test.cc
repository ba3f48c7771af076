#include "platform/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace samman::platform {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void TearDown() override {
    unsetenv("SAMMAN_LISTEN");
    unsetenv("SAMMAN_REQUIRE_TOTP");
    unsetenv("SAMMAN_DB_POOL");
  }
  std::string Write(const std::string& text) {
    // One file per test: ctest runs tests in parallel processes.
    std::string path = ::testing::TempDir() + "/samman-config-" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".toml";
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(ConfigTest, DefaultsServeOnLoopbackWithSqliteInTheDataDir) {
  auto c = LoadConfig(std::nullopt);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->listen, "127.0.0.1:8080");
  EXPECT_EQ(c->DatabaseUrl(), "sqlite:./var/samman.db");
  EXPECT_EQ(c->KeyFile(), "./var/samman.key");
}

TEST_F(ConfigTest, TheEnvironmentOverridesTheFile) {
  std::string file = Write(
      "listen = \"0.0.0.0:9000\"\ndatabase = \"postgresql://db/samman\"\nrequire_totp = false\n"
      "session_idle_minutes = 15\n");
  setenv("SAMMAN_LISTEN", "127.0.0.1:9001", 1);
  setenv("SAMMAN_REQUIRE_TOTP", "true", 1);
  auto c = LoadConfig(file);
  ASSERT_TRUE(c) << c.error().detail;
  EXPECT_EQ(c->listen, "127.0.0.1:9001");
  EXPECT_EQ(c->DatabaseUrl(), "postgresql://db/samman");
  EXPECT_TRUE(c->identity.require_totp);
  EXPECT_EQ(c->identity.session_idle_minutes, 15);
}

TEST_F(ConfigTest, MistakesNameTheSetting) {
  auto unknown = LoadConfig(Write("lisen = \"x\"\n"));
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().detail.find("lisen"), std::string::npos);
  auto range = LoadConfig(Write("db_pool = 0\n"));
  ASSERT_FALSE(range);
  EXPECT_NE(range.error().detail.find("db_pool"), std::string::npos);
  setenv("SAMMAN_DB_POOL", "many", 1);
  auto env = LoadConfig(std::nullopt);
  ASSERT_FALSE(env);
  EXPECT_NE(env.error().detail.find("SAMMAN_DB_POOL"), std::string::npos);
  EXPECT_FALSE(LoadConfig(Write("listen = [\n")));
}

TEST_F(ConfigTest, ListenAddressesAreParsed) {
  EXPECT_EQ(ParseListen("127.0.0.1:8080")->second, 8080);
  EXPECT_EQ(ParseListen("[::1]:80")->first, "::1");
  EXPECT_FALSE(ParseListen("localhost"));
  EXPECT_FALSE(ParseListen("127.0.0.1:99999"));
}

}  // namespace
}  // namespace samman::platform
