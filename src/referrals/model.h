// Referral model: a survivor referred from one organisation's case to another organisation's
// service, its state and history, and the counts statistics use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace samman::referrals {

inline const std::vector<std::string>& Statuses() {
  static const std::vector<std::string> kStatuses = {
      "sent", "accepted", "declined", "in_progress", "completed", "cancelled", "expired"};
  return kStatuses;
}
inline const std::vector<std::string>& Urgencies() {
  static const std::vector<std::string> kUrgencies = {"low", "normal", "high", "emergency"};
  return kUrgencies;
}
// While open, the recipient sees the shared parts of the case.
inline bool Grants(const std::string& status) {
  return status == "accepted" || status == "in_progress";
}
inline bool IsOpen(const std::string& status) {
  return status == "sent" || status == "accepted" || status == "in_progress";
}

struct Event {
  std::string at;
  std::string status;
  std::string actor_username;
  std::string actor_org_name;
  std::string note;
};

struct Referral {
  std::string id;
  std::string case_id;
  std::string case_number;
  std::string sender_org_id;
  std::string sender_org_name;
  std::string sender_user_id;
  std::string recipient_org_id;
  std::string recipient_org_name;
  std::string dir_organization_id;
  std::string service_id;
  std::string service_name;
  std::string service_at_location_id;
  std::string service_type;  // the service's first taxonomy term
  std::string district;      // where the service is
  std::string case_district;
  std::string reason;
  std::string urgency = "normal";
  std::string due_date;
  std::string respond_by;  // an instant
  std::vector<std::string> shared_sections;
  std::string status = "sent";
  std::string decline_reason;
  std::string cancel_reason;
  std::string outcome;
  std::string sent_at;
  std::string responded_at;
  std::string started_at;
  std::string closed_at;
  std::string updated_at;
  int64_t version = 1;
  std::vector<Event> history;
};

struct NewReferral {
  std::string case_id;
  std::string service_at_location_id;
  std::string organization_id;  // a directory or a Samman organisation
  std::string service_id;
  std::string reason;
  std::string urgency = "normal";
  std::string due_date;
  std::vector<std::string> shared_sections;
  std::string consent_json;  // a consent item's fields, recorded with the referral ("" = none)
};

struct ListQuery {
  std::string direction = "incoming";  // incoming | outgoing
  std::string status;
  std::string case_id;
};

struct ListResult {
  std::vector<Referral> items;
  std::vector<std::pair<std::string, int64_t>> counts;  // status -> referrals in this direction
};

// What statistics may know of a referral.
struct ReferralFact {
  std::string service_type;
  std::string district;
  std::string status;
  std::string sent_at;
  std::string responded_at;
};

struct CountRow {
  std::string service_type;
  std::string district;
  std::string status;
  int64_t referrals = 0;
  std::optional<double> median_response_hours;  // over those answered
};

}  // namespace samman::referrals
