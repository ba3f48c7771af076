#include "common/nepali_names.h"

#include <algorithm>
#include <map>

namespace samman::names {
namespace {

// Decodes one UTF-8 code point at s[i], advancing i; invalid bytes decode as U+FFFD.
char32_t Next(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : c & (0x7F >> len);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

const std::map<char32_t, const char*>& Consonants() {
  static const std::map<char32_t, const char*> kMap = {
      {U'क', "k"},   {U'ख', "kh"}, {U'ग', "g"},  {U'घ', "gh"}, {U'ङ', "ng"}, {U'च', "ch"},
      {U'छ', "chh"}, {U'ज', "j"},  {U'झ', "jh"}, {U'ञ', "n"},  {U'ट', "t"},  {U'ठ', "th"},
      {U'ड', "d"},   {U'ढ', "dh"}, {U'ण', "n"},  {U'त', "t"},  {U'थ', "th"}, {U'द', "d"},
      {U'ध', "dh"},  {U'न', "n"},  {U'प', "p"},  {U'फ', "ph"}, {U'ब', "b"},  {U'भ', "bh"},
      {U'म', "m"},   {U'य', "y"},  {U'र', "r"},  {U'ल', "l"},  {U'व', "b"},  {U'श', "sh"},
      {U'ष', "sh"},  {U'स', "s"},  {U'ह', "h"}};
  return kMap;
}

const std::map<char32_t, const char*>& Vowels() {  // independent vowels and vowel signs (matras)
  static const std::map<char32_t, const char*> kMap = {
      {U'अ', "a"},  {U'आ', "aa"}, {U'इ', "i"},  {U'ई', "ee"}, {U'उ', "u"},  {U'ऊ', "oo"},
      {U'ऋ', "ri"}, {U'ए', "e"},  {U'ऐ', "ai"}, {U'ओ', "o"},  {U'औ', "au"}, {U'ा', "aa"},
      {U'ि', "i"},  {U'ी', "ee"}, {U'ु', "u"},   {U'ू', "oo"},  {U'ृ', "ri"},  {U'े', "e"},
      {U'ै', "ai"},  {U'ो', "o"},  {U'ौ', "au"}};
  return kMap;
}

bool IsMatra(char32_t c) { return c >= U'ा' && c <= U'ौ' && c != U'़'; }

bool IsVowelLetter(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
}

}  // namespace

std::string TransliterateDevanagari(std::string_view utf8) {
  std::string out;
  size_t i = 0;
  bool pending_schwa = false;  // a consonant was written and may still take its inherent 'a'
  while (i < utf8.size()) {
    char32_t c = Next(utf8, i);
    if (c == 0x200C || c == 0x200D || c == U'़') continue;  // ZWNJ, ZWJ, nukta
    if (auto it = Consonants().find(c); it != Consonants().end()) {
      if (pending_schwa) out += 'a';
      out += it->second;
      pending_schwa = true;
      continue;
    }
    if (c == U'्') {  // virama: no inherent vowel
      pending_schwa = false;
      continue;
    }
    if (auto it = Vowels().find(c); it != Vowels().end()) {
      if (!IsMatra(c) && pending_schwa) out += 'a';
      pending_schwa = false;
      out += it->second;
      continue;
    }
    if (pending_schwa) out += 'a';
    pending_schwa = false;
    if (c == U'ं' || c == U'ँ') {
      out += 'n';
    } else if (c == U'ः') {
      out += 'h';
    } else if (c >= U'०' && c <= U'९') {
      out += static_cast<char>('0' + (c - U'०'));
    } else {
      AppendUtf8(out, c);
    }
  }
  if (pending_schwa) out += 'a';
  return out;
}

std::string Key(std::string_view word) {
  std::string latin = TransliterateDevanagari(word);
  std::string s;
  for (char ch : latin) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    if (ch >= 'a' && ch <= 'z') s += ch;
  }
  if (s.empty()) return s;
  // Sounds written several ways. Order matters: longer spellings first.
  for (auto [from, to] : std::initializer_list<std::pair<const char*, const char*>>{{"ksh", "c"},
                                                                                    {"chh", "c"},
                                                                                    {"ch", "c"},
                                                                                    {"x", "c"},
                                                                                    {"sh", "s"},
                                                                                    {"ph", "p"},
                                                                                    {"f", "p"},
                                                                                    {"v", "b"},
                                                                                    {"w", "b"},
                                                                                    {"z", "j"},
                                                                                    {"q", "k"},
                                                                                    {"ee", "i"},
                                                                                    {"oo", "u"},
                                                                                    {"y", "i"}}) {
    ReplaceAll(s, from, to);
  }
  // Aspiration after a consonant is often dropped in writing (Chhetri/Chetri, Thapa/Tapa).
  std::string t;
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] == 'h' && k > 0 && !IsVowelLetter(s[k - 1])) continue;
    t += s[k];
  }
  // Doubled letters and long vowels collapse (Chettri/Chetri, Raam/Ram).
  t.erase(std::unique(t.begin(), t.end()), t.end());
  // A final inherent 'a' is often written in transliteration and dropped in speech (Rama/Ram).
  if (t.size() > 2 && t.back() == 'a') t.pop_back();
  return t;
}

std::vector<std::string> Keys(std::string_view full_name) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string k = Key(word);
    if (!k.empty() && std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
    word.clear();
  };
  for (char ch : full_name) {
    if (ch == ' ' || ch == ',' || ch == '.' || ch == '-' || ch == '\t' || ch == '/' || ch == '\'') {
      flush();
    } else {
      word += ch;
    }
  }
  flush();
  return out;
}

}  // namespace samman::names
