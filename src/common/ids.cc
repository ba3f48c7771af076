#include "common/ids.h"

#include <sodium.h>

#include <chrono>

#include "common/crypto.h"

namespace samman {

namespace {

// 8-4-4-4-12 lower-case hex.
std::string Format(const uint8_t* b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(36, '-');
  size_t at = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) ++at;
    out[at++] = kHex[b[i] >> 4];
    out[at++] = kHex[b[i] & 0x0f];
  }
  return out;
}

}  // namespace

std::string NameBasedId(std::string_view name) {
  uint8_t b[crypto_generichash_BYTES];
  crypto_generichash(b, sizeof b, reinterpret_cast<const unsigned char*>(name.data()), name.size(),
                     nullptr, 0);
  b[6] = static_cast<uint8_t>(0x80 | (b[6] & 0x0f));  // version 8: custom
  b[8] = static_cast<uint8_t>(0x80 | (b[8] & 0x3f));
  return Format(b);
}

std::string NewId() {
  uint8_t b[16];
  crypto::PublicRandom(b, sizeof b);
  uint64_t ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  for (int i = 0; i < 6; ++i) b[i] = static_cast<uint8_t>(ms >> (40 - 8 * i));
  b[6] = static_cast<uint8_t>(0x70 | (b[6] & 0x0f));
  b[8] = static_cast<uint8_t>(0x80 | (b[8] & 0x3f));
  return Format(b);
}

bool LooksLikeId(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace samman
