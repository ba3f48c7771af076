// Name keys tolerant of how Nepali names are romanised: Shrestha/Srestha, Bishnu/Vishnu,
// Chhetri/Chettri, Laxmi/Lakshmi, Sita/Seeta, and the same names typed in Devanagari (श्रेष्ठ, क्षेत्री).
// Two spellings of one name give the same key. Pure functions; any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace samman::names {

// Devanagari letters to a plain Latin spelling (inherent vowels written, matras and virama
// honoured); other characters pass through.
std::string TransliterateDevanagari(std::string_view utf8);

// The phonetic key of one name word ("" for a word with no letters).
std::string Key(std::string_view word);

// Keys of every word in a full name, in order, without duplicates.
std::vector<std::string> Keys(std::string_view full_name);

}  // namespace samman::names
