#include "common/crypto.h"

#include <gtest/gtest.h>

namespace samman::crypto {
namespace {

KeyRing TestRing(uint8_t fill) {
  std::array<uint8_t, 32> master;
  master.fill(fill);
  return KeyRing::FromMaster(master);
}

TEST(Crypto, FieldsDecryptOnlyWithTheirKeyAndPlace) {
  Init();
  KeyRing ring = TestRing(1);
  std::string ct = Encrypt(ring, "सीता तामाङ 9841000000", "persons|name|p1");
  EXPECT_EQ(ct.find("सीता"), std::string::npos);
  EXPECT_EQ(Decrypt(ring, ct, "persons|name|p1"), "सीता तामाङ 9841000000");
  EXPECT_FALSE(Decrypt(ring, ct, "persons|name|p2")) << "copied to another row";
  EXPECT_FALSE(Decrypt(TestRing(2), ct, "persons|name|p1")) << "another key";
  EXPECT_NE(Encrypt(ring, "same", "a"), Encrypt(ring, "same", "a")) << "random nonces";
}

TEST(Crypto, TotpMatchesRfc6238TestVectors) {
  // RFC 6238 appendix B, SHA-1 secret, truncated to 6 digits.
  const std::string secret = "12345678901234567890";
  EXPECT_EQ(Totp(secret, 59 / 30), "287082");
  EXPECT_EQ(Totp(secret, 1111111109 / 30), "081804");
  EXPECT_EQ(Totp(secret, 1234567890 / 30), "005924");
  EXPECT_EQ(Totp(secret, 2000000000 / 30), "279037");
}

TEST(Crypto, Base32RoundTripsAndMatchesRfc4648) {
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(Base32Decode("MZXW6YTBOI"), "foobar");
  EXPECT_EQ(Base32Decode("mzxw6ytboi"), "foobar");
  EXPECT_FALSE(Base32Decode("MZ1!"));
}

TEST(Crypto, PasswordsHashWithArgon2id) {
  Init();
  std::string h = HashPassword("correct horse battery");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(h, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(h, "correct horse batterY"));
}

TEST(Crypto, KeyedHashesDependOnTheKey) {
  KeyRing a = TestRing(1), b = TestRing(2);
  auto k = KeyPurpose::kBlindIndex;
  EXPECT_EQ(KeyedHash(a.Key(k), "9841"), KeyedHash(a.Key(k), "9841"));
  EXPECT_NE(KeyedHash(a.Key(k), "9841"), KeyedHash(b.Key(k), "9841"));
  EXPECT_NE(a.Key(KeyPurpose::kBlindIndex), a.Key(KeyPurpose::kSessionToken));
}

}  // namespace
}  // namespace samman::crypto
