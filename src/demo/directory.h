// Demo directory and referrals: public, private and NGO providers in the 12 focus districts (some
// of them confidential shelters with beds), linked to the demo organisations that use Samman, and a
// few referrals between them. Deterministic content; call once, from one thread, after the demo
// organisations, users and cases exist.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/error.h"
#include "identity/model.h"
#include "platform/app.h"

namespace samman::demo {

// orgs: the demo organisations by key ("ngo511", "shelter306", "police511", "international", ...).
// Returns the number of services listed.
Result<int> GenerateDirectory(platform::App& app,
                              const std::map<std::string, identity::Organization>& orgs,
                              const std::vector<std::string>& districts);

// Refers some of the sender's cases to the directory's services, with consent; the recipients
// accept some. workers: a case worker principal per organisation key. Returns how many were sent.
Result<int> GenerateReferrals(platform::App& app,
                              const std::map<std::string, identity::Principal>& workers,
                              const std::vector<std::string>& sender_case_ids);

}  // namespace samman::demo
