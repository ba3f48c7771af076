#include "common/crypto.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>
#include <vector>

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

TEST(Crypto, SealedValuesOfEveryLengthKeepTheirStoredFormAndRejectDamage) {
  Init();
  KeyRing ring = TestRing(1);
  for (size_t n = 0; n <= 70; ++n) {
    const std::string plain(n, static_cast<char>('a' + n % 26));
    const std::string ct = Encrypt(ring, plain, "case_items|body|i1");
    // Stored form: key id, a colon, then unpadded base64url of nonce, ciphertext and tag.
    ASSERT_EQ(ct.substr(0, ring.key_id().size() + 1), ring.key_id() + ":");
    auto raw = Base64UrlDecode(ct.substr(ring.key_id().size() + 1));
    ASSERT_TRUE(raw) << n;
    EXPECT_EQ(raw->size(), 24 + n + 16) << n;
    EXPECT_EQ(ct.find('='), std::string::npos) << n;
    EXPECT_EQ(Decrypt(ring, ct, "case_items|body|i1"), plain) << n;

    std::string flipped = ct;
    flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
    EXPECT_FALSE(Decrypt(ring, flipped, "case_items|body|i1")) << n;
    EXPECT_FALSE(Decrypt(ring, ct.substr(0, ct.size() - 4), "case_items|body|i1")) << n;
  }
  EXPECT_FALSE(Decrypt(ring, ring.key_id() + ":", "a")) << "nothing after the key id";
  EXPECT_FALSE(Decrypt(ring, ring.key_id() + ":not base64!", "a"));
  EXPECT_FALSE(Decrypt(ring, "no key id at all", "a"));
}

TEST(Crypto, ARingWithSeveralKeysEncryptsWithTheLastAndDecryptsWithAny) {
  Init();
  std::array<uint8_t, 32> old_master, new_master;
  old_master.fill(1);
  new_master.fill(2);
  KeyRing old_ring = KeyRing::FromMaster(old_master);
  KeyRing both = KeyRing::FromMasters({old_master, new_master});
  EXPECT_EQ(both.key_ids().size(), 2u);
  EXPECT_EQ(both.key_ids().front(), old_ring.key_id());
  EXPECT_NE(both.key_id(), old_ring.key_id());
  std::string before = Encrypt(old_ring, "Gita Magar", "persons|given_name|p1");
  std::string after = Encrypt(both, "Gita Magar", "persons|given_name|p1");
  EXPECT_EQ(after.rfind(both.key_id() + ":", 0), 0u);
  EXPECT_EQ(Decrypt(both, before, "persons|given_name|p1"), "Gita Magar");
  EXPECT_EQ(Decrypt(both, after, "persons|given_name|p1"), "Gita Magar");
  EXPECT_FALSE(Decrypt(old_ring, after, "persons|given_name|p1")) << "the old key alone";
  // The current key decides blind indexes and keyed hashes; an older one can be made current.
  EXPECT_EQ(both.Key(KeyPurpose::kBlindIndex),
            KeyRing::FromMaster(new_master).Key(KeyPurpose::kBlindIndex));
  auto back = both.WithCurrent(old_ring.key_id());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->key_id(), old_ring.key_id());
  EXPECT_FALSE(both.WithCurrent("k00000000"));
}

TEST(Crypto, AKeyFileGrowsByOneKeyAndStaysPrivate) {
  Init();
  std::string dir = ::testing::TempDir() + "/keys-" + RandomToken(6);
  std::filesystem::create_directories(dir);
  std::string path = dir + "/samman.key";
  auto first = KeyRing::LoadOrCreate(path);
  ASSERT_TRUE(first) << first.error().detail;
  auto again = KeyRing::LoadOrCreate(path);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->key_id(), first->key_id());
  auto grown = KeyRing::AddKey(path);
  ASSERT_TRUE(grown) << grown.error().detail;
  EXPECT_EQ(grown->key_ids(), (std::vector<std::string>{first->key_id(), grown->key_id()}));
  EXPECT_EQ(KeyRing::LoadOrCreate(path)->key_id(), grown->key_id());
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  std::ofstream(path, std::ios::app) << "not a key\n";
  auto broken = KeyRing::LoadOrCreate(path);
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().detail.find("line 3"), std::string::npos) << broken.error().detail;
  std::filesystem::remove_all(dir);
}

TEST(Crypto, PublicRandomNeverRepeatsAcrossRefillsOrThreads) {
  Init();
  // 24-byte nonces from two threads, enough of them to refill each thread's buffer many times; an
  // odd size (10) in between so the draws straddle the buffer's end.
  constexpr int kDraws = 5000;
  auto draw = [](std::vector<std::string>& out) {
    for (int i = 0; i < kDraws; ++i) {
      std::string nonce(24, '\0');
      PublicRandom(reinterpret_cast<uint8_t*>(nonce.data()), nonce.size());
      out.push_back(nonce);
      uint8_t odd[10];
      PublicRandom(odd, sizeof odd);
    }
  };
  std::vector<std::string> a, b;
  std::thread other(draw, std::ref(b));
  draw(a);
  other.join();
  std::set<std::string> seen(a.begin(), a.end());
  seen.insert(b.begin(), b.end());
  EXPECT_EQ(seen.size(), 2u * kDraws);
  EXPECT_EQ(seen.count(std::string(24, '\0')), 0u);
  // Larger than the buffer: straight from the system, still random.
  std::string big(10000, '\0');
  PublicRandom(reinterpret_cast<uint8_t*>(big.data()), big.size());
  EXPECT_NE(big.find_first_not_of('\0'), std::string::npos);
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
