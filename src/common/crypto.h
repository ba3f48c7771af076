// Cryptography on libsodium (and OpenSSL's HMAC-SHA1 for TOTP): random tokens, keyed hashes, field
// encryption, Argon2id passwords. A KeyRing holds the master keys read from the key file (the last
// is current; older ones stay to read what they encrypted until a rotation re-encrypts it) and the
// purpose-specific subkeys derived from each; it is immutable after load and safe to share across
// threads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace samman::crypto {

// Must be called once before any other function here (calls sodium_init).
void Init();

enum class KeyPurpose { kFieldEncryption, kBlindIndex, kSessionToken, kAuditChain, kCsrf, kTotp };

class KeyRing {
 public:
  // Reads the master keys from path (64 hex digits a line, oldest first; lines starting with # are
  // comments), creating the file with one new key and mode 0600 when absent.
  static Result<KeyRing> LoadOrCreate(const std::string& path);
  // Adds a new master key at the end of the key file (a temporary file renamed over it, mode 0600),
  // keeping the older ones, and returns the ring read back.
  static Result<KeyRing> AddKey(const std::string& path);
  // For tests: a ring from fixed master keys (the last current).
  static KeyRing FromMaster(const std::array<uint8_t, 32>& master);
  static KeyRing FromMasters(const std::vector<std::array<uint8_t, 32>>& masters);

  // The current key for a purpose.
  const std::array<uint8_t, 32>& Key(KeyPurpose p) const {
    return masters_.back().subkeys[static_cast<int>(p)];
  }
  // The key with this id for a purpose; null when the ring has no such key.
  const std::array<uint8_t, 32>* KeyById(KeyPurpose p, std::string_view id) const;
  // Id of the current key ("k1a2b3c4d"), written before each ciphertext so keys can be rotated.
  const std::string& key_id() const { return masters_.back().id; }
  // Every key's id, oldest first.
  std::vector<std::string> key_ids() const;
  // The same ring with an older key current (to check what that key made); none if absent.
  std::optional<KeyRing> WithCurrent(std::string_view id) const;

 private:
  struct Master {
    std::string id;
    std::array<std::array<uint8_t, 32>, 6> subkeys{};
  };
  std::vector<Master> masters_;
};

std::string RandomBytes(size_t n);
// Fills out with random bytes for values that are public once made (nonces, ids). They come from
// the same system generator, fetched 4 KiB at a time into a buffer of the calling thread's, because
// a system call for every nonce was a tenth of a bulk import. Secrets use RandomBytes. Any thread.
void PublicRandom(uint8_t* out, size_t n);
std::string RandomToken(size_t bytes = 32);  // base64url without padding
std::string Hex(std::string_view bytes);
std::string Base64UrlEncode(std::string_view bytes);
// Unpadded base64url; nullopt for anything else. Not in constant time: for bytes that are no
// secret, such as ciphertext.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// Keyed BLAKE2b-256 as hex: session token hashes, blind indexes, the audit chain.
std::string KeyedHash(const std::array<uint8_t, 32>& key, std::string_view data);
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// XChaCha20-Poly1305 with the current key. The ciphertext text is
// "<key_id>:<base64url(nonce|ciphertext)>"; aad binds it to its place (table|column|row id), so a
// value copied to another row fails to decrypt. Decrypt uses whichever key of the ring made it.
std::string Encrypt(const KeyRing& keys, std::string_view plaintext, std::string_view aad);
std::optional<std::string> Decrypt(const KeyRing& keys, std::string_view ciphertext,
                                   std::string_view aad);

// Argon2id (libsodium's interactive limits). Hashing takes ~0.1 s and 64 MiB by design.
std::string HashPassword(std::string_view password);
bool VerifyPassword(std::string_view hash, std::string_view password);

// RFC 4648 base32 (no padding) for TOTP secrets.
std::string Base32Encode(std::string_view bytes);
std::optional<std::string> Base32Decode(std::string_view text);
// RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits) for a time step.
std::string Totp(std::string_view secret, int64_t step);

}  // namespace samman::crypto
