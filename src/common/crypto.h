// Cryptography on libsodium (and OpenSSL's HMAC-SHA1 for TOTP): random tokens, keyed hashes, field
// encryption, Argon2id passwords. A KeyRing holds the master key read from the key file and the
// purpose-specific subkeys derived from it; it is immutable after load and safe to share across
// threads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

namespace samman::crypto {

// Must be called once before any other function here (calls sodium_init).
void Init();

enum class KeyPurpose { kFieldEncryption, kBlindIndex, kSessionToken, kAuditChain, kCsrf, kTotp };

class KeyRing {
 public:
  // Reads the 32-byte master key (hex) from path, creating it with mode 0600 when absent.
  static Result<KeyRing> LoadOrCreate(const std::string& path);
  // For tests: a ring from a fixed master key.
  static KeyRing FromMaster(const std::array<uint8_t, 32>& master);

  const std::array<uint8_t, 32>& Key(KeyPurpose p) const { return subkeys_[static_cast<int>(p)]; }
  // Id of the field-encryption key, written before each ciphertext so keys can be rotated.
  const std::string& key_id() const { return key_id_; }

 private:
  std::array<std::array<uint8_t, 32>, 6> subkeys_{};
  std::string key_id_;
};

std::string RandomBytes(size_t n);
std::string RandomToken(size_t bytes = 32);  // base64url without padding
std::string Hex(std::string_view bytes);
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

// Keyed BLAKE2b-256 as hex: session token hashes, blind indexes, the audit chain.
std::string KeyedHash(const std::array<uint8_t, 32>& key, std::string_view data);
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// XChaCha20-Poly1305. The ciphertext text is "<key_id>:<base64url(nonce|ciphertext)>"; aad binds it
// to its place (table|column|row id), so a value copied to another row fails to decrypt.
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
