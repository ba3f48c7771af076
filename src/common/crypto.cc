#include "common/crypto.h"

#include <openssl/hmac.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <semaphore>
#include <sstream>
#include <thread>

namespace samman::crypto {
namespace {

constexpr const char* kContexts[] = {"fieldenc", "blindidx", "sesstokn",
                                     "auditchn", "csrftokn", "totpsecr"};

}  // namespace

void Init() {
  if (sodium_init() < 0) std::abort();
}

KeyRing KeyRing::FromMasters(const std::vector<std::array<uint8_t, 32>>& masters) {
  static_assert(crypto_kdf_KEYBYTES == 32);
  KeyRing ring;
  for (const auto& master : masters) {
    Master m;
    for (int i = 0; i < 6; ++i) {
      crypto_kdf_derive_from_key(m.subkeys[i].data(), 32, 1, kContexts[i], master.data());
    }
    // The key id names the master key without revealing it.
    unsigned char id[4];
    crypto_generichash(id, sizeof id, master.data(), master.size(), nullptr, 0);
    m.id = "k" + Hex(std::string_view(reinterpret_cast<char*>(id), sizeof id));
    ring.masters_.push_back(std::move(m));
  }
  return ring;
}

KeyRing KeyRing::FromMaster(const std::array<uint8_t, 32>& master) { return FromMasters({master}); }

const std::array<uint8_t, 32>* KeyRing::KeyById(KeyPurpose p, std::string_view id) const {
  for (const auto& m : masters_) {
    if (m.id == id) return &m.subkeys[static_cast<int>(p)];
  }
  return nullptr;
}

std::vector<std::string> KeyRing::key_ids() const {
  std::vector<std::string> ids;
  for (const auto& m : masters_) ids.push_back(m.id);
  return ids;
}

std::optional<KeyRing> KeyRing::WithCurrent(std::string_view id) const {
  KeyRing ring = *this;
  auto it = std::find_if(ring.masters_.begin(), ring.masters_.end(),
                         [&](const Master& m) { return m.id == id; });
  if (it == ring.masters_.end()) return std::nullopt;
  std::rotate(it, it + 1, ring.masters_.end());
  return ring;
}

namespace {

// The master keys of a key file, oldest first; an error names the bad line.
Result<std::vector<std::array<uint8_t, 32>>> ReadMasters(const std::string& path,
                                                         std::istream& in) {
  std::vector<std::array<uint8_t, 32>> masters;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::array<uint8_t, 32> master{};
    size_t len = 0;
    if (line.size() != 64 ||
        sodium_hex2bin(master.data(), master.size(), line.c_str(), line.size(), nullptr, &len,
                       nullptr) != 0 ||
        len != 32) {
      return Fail(Error::Invalid("key file " + path + " line " + std::to_string(n) +
                                 " is not 64 hex digits"));
    }
    masters.push_back(master);
  }
  if (masters.empty()) return Fail(Error::Invalid("key file " + path + " holds no key"));
  return masters;
}

std::string NewMasterHex() {
  std::array<uint8_t, 32> master{};
  randombytes_buf(master.data(), master.size());
  std::string hex = Hex(std::string_view(reinterpret_cast<char*>(master.data()), master.size()));
  sodium_memzero(master.data(), master.size());
  return hex;
}

// Writes text to path as a new file of mode 0600 (fails if it exists).
bool WritePrivate(const std::string& path, const std::string& text) {
  mode_t old = umask(077);
  std::FILE* f = std::fopen(path.c_str(), "wx");
  umask(old);
  if (!f) return false;
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fflush(f) == 0 && fsync(fileno(f)) == 0 && ok;
  ok = std::fclose(f) == 0 && ok;
  chmod(path.c_str(), 0600);
  return ok;
}

}  // namespace

Result<KeyRing> KeyRing::LoadOrCreate(const std::string& path) {
  std::ifstream in(path);
  if (in) {
    auto masters = ReadMasters(path, in);
    if (!masters) return Fail(masters.error());
    return FromMasters(*masters);
  }
  if (!WritePrivate(path, NewMasterHex() + "\n")) {
    return Fail(Error::Invalid("cannot create key file " + path));
  }
  std::ifstream created(path);
  auto masters = ReadMasters(path, created);
  if (!masters) return Fail(masters.error());
  return FromMasters(*masters);
}

Result<KeyRing> KeyRing::AddKey(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Fail(Error::Invalid("no key file at " + path));
  std::stringstream text;
  text << in.rdbuf();
  in.close();
  std::string next = text.str();
  if (!next.empty() && next.back() != '\n') next += '\n';
  next += NewMasterHex() + "\n";
  const std::string temporary = path + ".new";
  std::remove(temporary.c_str());
  if (!WritePrivate(temporary, next) || std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return Fail(Error::Invalid("cannot write the key file " + path));
  }
  return LoadOrCreate(path);
}

std::string RandomBytes(size_t n) {
  std::string raw(n, '\0');
  randombytes_buf(raw.data(), raw.size());
  return raw;
}

void PublicRandom(uint8_t* out, size_t n) {
  struct Buffer {
    std::array<uint8_t, 4096> bytes;
    size_t used = sizeof bytes;
  };
  thread_local Buffer buffer;
  if (n > buffer.bytes.size()) {
    randombytes_buf(out, n);
    return;
  }
  if (buffer.bytes.size() - buffer.used < n) {
    randombytes_buf(buffer.bytes.data(), buffer.bytes.size());
    buffer.used = 0;
  }
  std::memcpy(out, buffer.bytes.data() + buffer.used, n);
  // Bytes handed out are wiped so the buffer never holds a value twice.
  sodium_memzero(buffer.bytes.data() + buffer.used, n);
  buffer.used += n;
}

std::string RandomToken(size_t bytes) { return Base64UrlEncode(RandomBytes(bytes)); }

std::string Hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

std::string Base64UrlEncode(std::string_view bytes) {
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

namespace {

// Unpadded base64url into out, reusing its capacity. Decoded with a table, not in constant time:
// what it decodes (ciphertext) is no secret, and libsodium's constant-time decoder took most of a
// Decrypt. Refuses what that decoder refuses: other characters, a lone last character, and stray
// bits in the last one.
bool DecodeBase64Url(std::string_view text, std::string& out) {
  static constexpr auto kValue = [] {
    std::array<uint8_t, 256> value{};
    value.fill(0xFF);
    constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (size_t i = 0; i < kAlphabet.size(); ++i) {
      value[static_cast<uint8_t>(kAlphabet[i])] = static_cast<uint8_t>(i);
    }
    return value;
  }();
  if (text.size() % 4 == 1) return false;
  out.resize(text.size() / 4 * 3 + (text.size() % 4 == 0 ? 0 : text.size() % 4 - 1));
  uint32_t bits = 0;
  int pending = 0;
  size_t n = 0;
  for (unsigned char c : text) {
    const uint8_t v = kValue[c];
    if (v == 0xFF) return false;
    bits = (bits << 6) | v;
    pending += 6;
    if (pending >= 8) {
      pending -= 8;
      out[n++] = static_cast<char>((bits >> pending) & 0xFF);
    }
  }
  return (bits & ((1U << pending) - 1)) == 0;
}

}  // namespace

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  std::string out;
  if (!DecodeBase64Url(text, out)) return std::nullopt;
  return out;
}

std::string KeyedHash(const std::array<uint8_t, 32>& key, std::string_view data) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), key.data(), key.size());
  return Hex(std::string_view(reinterpret_cast<char*>(out), sizeof out));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// Both keep the raw nonce and ciphertext (never plaintext) in a per-thread scratch buffer, so a
// value costs one allocation, its answer's, instead of two to four: the bulk loader seals
// millions, and a case read opens a dozen.
std::string Encrypt(const KeyRing& keys, std::string_view plaintext, std::string_view aad) {
  constexpr size_t kN = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kA = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  const auto& key = keys.Key(KeyPurpose::kFieldEncryption);
  thread_local std::string raw;
  raw.resize(kN + plaintext.size() + kA);
  auto* nonce = reinterpret_cast<unsigned char*>(raw.data());
  PublicRandom(nonce, kN);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + kN, &clen, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(aad.data()), aad.size(), nullptr, nonce, key.data());
  const std::string& id = keys.key_id();
  // sodium_base64_encoded_len counts the terminating NUL, which lands in std::string's own.
  const size_t encoded = sodium_base64_encoded_len(kN + clen, kVariant) - 1;
  std::string out(id.size() + 1 + encoded, '\0');
  std::memcpy(out.data(), id.data(), id.size());
  out[id.size()] = ':';
  sodium_bin2base64(out.data() + id.size() + 1, encoded + 1, nonce, kN + clen, kVariant);
  return out;
}

std::optional<std::string> Decrypt(const KeyRing& keys, std::string_view ciphertext,
                                   std::string_view aad) {
  constexpr size_t kN = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kA = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  auto colon = ciphertext.find(':');
  const std::array<uint8_t, 32>* key =
      colon == std::string_view::npos
          ? nullptr
          : keys.KeyById(KeyPurpose::kFieldEncryption, ciphertext.substr(0, colon));
  if (!key) return std::nullopt;
  thread_local std::string raw;
  if (!DecodeBase64Url(ciphertext.substr(colon + 1), raw) || raw.size() < kN + kA) {
    return std::nullopt;
  }
  const size_t len = raw.size();
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw.data());
  std::string out(len - kN - kA, '\0');
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.data()),
                                                 nullptr, nullptr, nonce + kN, len - kN,
                                                 reinterpret_cast<const unsigned char*>(aad.data()),
                                                 aad.size(), nonce, key->data()) != 0) {
    return std::nullopt;
  }
  return out;
}

namespace {

// Argon2id takes 64 MiB and a core for ~70 ms. Running more at once than there are cores gains
// nothing and multiplies memory (64 sign-ins at once would take 4 GiB), so they queue here.
std::counting_semaphore<64>& PasswordSlots() {
  static std::counting_semaphore<64> slots(
      static_cast<std::ptrdiff_t>(std::clamp(std::thread::hardware_concurrency(), 1u, 64u)));
  return slots;
}

struct SlotGuard {
  SlotGuard() { PasswordSlots().acquire(); }
  ~SlotGuard() { PasswordSlots().release(); }
};

}  // namespace

std::string HashPassword(std::string_view password) {
  SlotGuard slot;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("out of memory hashing a password");
  }
  return out;
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  SlotGuard slot;
  std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

namespace {
constexpr char kB32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
}  // namespace

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kB32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kB32[(buffer << (5 - bits)) & 31];
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char ch : text) {
    if (ch == '=' || ch == ' ') continue;
    char up = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 32) : ch;
    const char* p = std::strchr(kB32, up);
    if (!p || !*p) return std::nullopt;
    buffer = (buffer << 5) | static_cast<uint32_t>(p - kB32);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

std::string Totp(std::string_view secret, int64_t step) {
  unsigned char msg[8];
  for (int i = 7; i >= 0; --i) {
    msg[i] = static_cast<unsigned char>(step & 0xff);
    step >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), msg, sizeof msg, mac, &mac_len);
  int offset = mac[mac_len - 1] & 0x0f;
  uint32_t code = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) |
                  mac[offset + 3];
  char buf[8];
  std::snprintf(buf, sizeof buf, "%06u", code % 1000000);
  return buf;
}

}  // namespace samman::crypto
