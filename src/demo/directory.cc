#include "demo/directory.h"

#include <nlohmann/json.hpp>

#include "common/time.h"

namespace samman::demo {
namespace {

using directory::Capacity;
using directory::Location;
using directory::Organization;
using directory::Schedule;
using directory::ServiceAtLocation;
using directory::ServiceRecord;

const std::vector<std::string> kWorkWeek = {"SU", "MO", "TU", "WE", "TH", "FR"};
const std::vector<std::string> kEveryDay = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

std::vector<std::string> LanguagesFor(const std::string& district) {
  std::vector<std::string> out = {"nepali"};
  switch (district[0]) {
    case '3':
      out.push_back(district == "306" ? "newar" : "tamang");
      break;
    case '5':
      out.insert(out.end(), {"awadhi", "tharu"});
      break;
    case '7':
      out.insert(out.end(), {"doteli", "tharu"});
      break;
  }
  return out;
}

class Builder {
 public:
  explicit Builder(platform::App& app) : app_(app), who_(identity::Principal::CommandLine()) {
    who_.request_id = "demo";
  }

  std::string VerifiedDaysAgo(int days) const {
    return NepalDate(std::chrono::system_clock::now() - std::chrono::hours(24 * days));
  }

  Result<Organization> Org(Organization o) {
    ++verified_;
    if (o.last_verified.empty()) o.last_verified = VerifiedDaysAgo((verified_ * 13) % 120);
    return app_.directory().CreateOrganization(who_, o);
  }
  Result<Location> Place(Location l) { return app_.directory().CreateLocation(who_, l); }
  Result<void> Offer(ServiceRecord s) {
    auto created = app_.directory().CreateService(who_, s);
    if (!created) return Fail(created.error());
    ++services_;
    return {};
  }
  int services() const { return services_; }

 private:
  platform::App& app_;
  identity::Principal who_;
  int verified_ = 0;
  int services_ = 0;
};

ServiceAtLocation At(const std::string& location_id, const std::vector<std::string>& days,
                     const std::string& opens, const std::string& closes) {
  ServiceAtLocation sal;
  sal.location_id = location_id;
  sal.schedules.push_back({days, opens, closes});
  return sal;
}

}  // namespace

Result<int> GenerateDirectory(platform::App& app,
                              const std::map<std::string, identity::Organization>& orgs,
                              const std::vector<std::string>& districts) {
  Builder b(app);
  const auto& refdata = app.refdata();
  auto linked = [&](const std::string& key) {
    auto it = orgs.find(key);
    return it == orgs.end() ? std::string() : it->second.id;
  };
  int index = 0;
  for (const auto& d : districts) {
    ++index;
    const refdata::GeoUnit* unit = refdata.Unit(d);
    const std::string name = unit->name_en, name_ne = unit->name_ne;
    const auto locals = refdata.LocalLevels(d);
    const std::string centre = locals.empty() ? "" : locals[index % locals.size()].code;
    const std::vector<std::string> languages = LanguagesFor(d);
    const std::string phone_prefix = "0" + std::to_string(10 + index) + "-5";

    // The district's demo NGO, which uses Samman and answers referrals.
    auto ngo = b.Org({.name = "Saathi Sahayog " + name + " (demo NGO)",
                      .name_ne = "साथी सहयोग " + name_ne,
                      .description = "Case management, counselling, legal aid and reintegration "
                                     "for survivors of trafficking in " +
                                     name + ".",
                      .sector = "ngo",
                      .phone = phone_prefix + "10" + std::to_string(100 + index),
                      .district = d,
                      .samman_org_id = linked("ngo" + d)});
    if (!ngo) return Fail(ngo.error());
    auto office = b.Place({.organization_id = ngo->id,
                           .name = name + " office",
                           .district = d,
                           .local_level = centre,
                           .ward = 1 + index % 5,
                           .address = "Demo Marg " + std::to_string(index)});
    if (!office) return Fail(office.error());
    for (auto [title, title_ne, terms] :
         {std::tuple<std::string, std::string, std::vector<std::string>>{
              "Psychosocial counselling", "मनोसामाजिक परामर्श", {"psychosocial_counselling"}},
          {"Legal aid and court accompaniment",
           "कानुनी सहायता तथा अदालत सहयोग",
           {"legal_aid", "compensation"}},
          {"Family tracing and reintegration",
           "परिवार खोजी तथा पुनर्मिलन",
           {"family_tracing", "reintegration"}}}) {
      ServiceRecord s;
      s.organization_id = ngo->id;
      s.name = title;
      s.name_ne = title_ne;
      s.description = title + " for survivors of trafficking and their families in " + name + ".";
      s.taxonomy = terms;
      s.languages = languages;
      s.target_groups = {"trafficking_survivors", "migrant_workers"};
      s.application_process = "Come to the office, call, or be referred by a case worker.";
      s.last_verified = b.VerifiedDaysAgo(index * 7 % 90);
      s.locations = {At(office->id, kWorkWeek, "10:00", "17:00")};
      if (auto ok = b.Offer(s); !ok) return Fail(ok.error());
    }

    // Police: rescue round the clock.
    auto police = b.Org({.name = "District Police Office " + name + " (demo)",
                         .name_ne = "जिल्ला प्रहरी कार्यालय " + name_ne,
                         .description = "Women, Children and Senior Citizens Service Centre.",
                         .sector = "public",
                         .district = d,
                         .samman_org_id = linked("police" + d)});
    if (!police) return Fail(police.error());
    auto station = b.Place({.organization_id = police->id,
                            .name = "Service Centre, " + name,
                            .district = d,
                            .local_level = centre,
                            .phone = phone_prefix + "20" + std::to_string(100 + index)});
    if (!station) return Fail(station.error());
    if (auto ok = b.Offer({.organization_id = police->id,
                           .name = "Rescue, interception and complaints",
                           .name_ne = "उद्धार, रोकथाम तथा उजुरी",
                           .taxonomy = {"rescue", "hotline"},
                           .languages = languages,
                           .locations = {At(station->id, kEveryDay, "00:00", "24:00")},
                           .last_verified = b.VerifiedDaysAgo(index * 5 % 60)});
        !ok) {
      return Fail(ok.error());
    }

    // The district hospital's one-stop crisis management centre (not on Samman). Some listings
    // are left unverified for months, as happens, and show as stale.
    auto hospital = b.Org({.name = name + " District Hospital (demo)",
                           .name_ne = name_ne + " जिल्ला अस्पताल",
                           .description = "Government hospital.",
                           .sector = "public",
                           .phone = phone_prefix + "30" + std::to_string(100 + index),
                           .district = d,
                           .last_verified = b.VerifiedDaysAgo(index % 3 == 0 ? 240 : 30)});
    if (!hospital) return Fail(hospital.error());
    auto ward = b.Place({.organization_id = hospital->id,
                         .name = "One-stop Crisis Management Centre",
                         .district = d,
                         .local_level = centre});
    if (!ward) return Fail(ward.error());
    if (auto ok = b.Offer({.organization_id = hospital->id,
                           .name = "Medical care and forensic examination",
                           .name_ne = "स्वास्थ्य उपचार तथा फरेन्सिक परीक्षण",
                           .taxonomy = {"medical_care", "psychosocial_counselling"},
                           .eligibility_description = "Survivors of violence and trafficking.",
                           .languages = languages,
                           .locations = {At(ward->id, kEveryDay, "00:00", "24:00")},
                           .last_verified = b.VerifiedDaysAgo(index % 3 == 0 ? 240 : 30)});
        !ok) {
      return Fail(ok.error());
    }

    // A private training institute.
    auto institute = b.Org({.name = name + " Skills Training Institute (demo)",
                            .name_ne = name_ne + " सीप तालिम प्रतिष्ठान",
                            .description = "Private vocational training provider.",
                            .sector = "private",
                            .district = d});
    if (!institute) return Fail(institute.error());
    auto campus = b.Place({.organization_id = institute->id,
                           .name = name + " campus",
                           .district = d,
                           .local_level = centre});
    if (!campus) return Fail(campus.error());
    if (auto ok =
            b.Offer({.organization_id = institute->id,
                     .name = "Vocational training (tailoring, cooking, electrical)",
                     .name_ne = "व्यावसायिक तालिम",
                     .taxonomy = {"skills_training"},
                     .free = false,
                     .fees_description = "Fees waived for referred survivors.",
                     .minimum_age = 16,
                     .languages = {"nepali"},
                     .capacity = {{.unit = "place", .available = index % 4 * 3, .maximum = 24}},
                     .locations = {At(campus->id, kWorkWeek, "09:00", "16:00")},
                     .last_verified = b.VerifiedDaysAgo(index * 11 % 150)});
        !ok) {
      return Fail(ok.error());
    }

    // Shelters, where the demo has them: confidential, with beds.
    const std::string shelter_key = "shelter" + d;
    if (!linked(shelter_key).empty()) {
      auto shelter = b.Org({.name = orgs.at(shelter_key).name,
                            .name_ne = "सुरक्षित आवास " + name_ne,
                            .description = "Safe accommodation and rehabilitation.",
                            .sector = "ngo",
                            .district = d,
                            .samman_org_id = linked(shelter_key)});
      if (!shelter) return Fail(shelter.error());
      auto house =
          b.Place({.organization_id = shelter->id,
                   .name = "Safe house, " + name,
                   .confidential = true,
                   .district = d,
                   .local_level = centre,
                   .ward = 2,
                   .address = "Demo safe house " + std::to_string(index) + " (confidential)",
                   .phone = phone_prefix + "40" + std::to_string(100 + index),
                   .contact_route = "Ask Saathi Sahayog " + name +
                                    " or the District Police Office to connect you"});
      if (!house) return Fail(house.error());
      if (auto ok =
              b.Offer({.organization_id = shelter->id,
                       .name = "Emergency shelter for women and girls",
                       .name_ne = "महिला तथा बालिकाका लागि आपतकालीन आश्रय",
                       .taxonomy = {"shelter", "psychosocial_counselling"},
                       .sexes = {"female"},
                       .target_groups = {"trafficking_survivors", "women", "children"},
                       .languages = languages,
                       .capacity = {{.unit = "bed", .available = index % 5, .maximum = 20 + index}},
                       .locations = {At(house->id, kEveryDay, "00:00", "24:00")},
                       .last_verified = b.VerifiedDaysAgo(3)});
          !ok) {
        return Fail(ok.error());
      }
      if (auto ok = b.Offer({.organization_id = shelter->id,
                             .name = "Rehabilitation and life skills",
                             .name_ne = "पुनर्स्थापना तथा जीवनोपयोगी सीप",
                             .taxonomy = {"rehabilitation_centre", "skills_training"},
                             .sexes = {"female"},
                             .languages = languages,
                             .locations = {At(house->id, kWorkWeek, "09:00", "17:00")},
                             .last_verified = b.VerifiedDaysAgo(20)});
          !ok) {
        return Fail(ok.error());
      }
    }
  }

  // National and international providers serving every focus district.
  auto partner = b.Org({.name = "International Migration Partner (demo)",
                        .description = "Return and reintegration of migrants.",
                        .sector = "international",
                        .district = "306",
                        .samman_org_id = linked("international")});
  if (!partner) return Fail(partner.error());
  auto desk = b.Place({.organization_id = partner->id,
                       .name = "Kathmandu desk",
                       .district = "306",
                       .local_level = "30601"});
  if (!desk) return Fail(desk.error());
  if (auto ok = b.Offer({.organization_id = partner->id,
                         .name = "Repatriation support",
                         .name_ne = "स्वदेश फिर्ता सहयोग",
                         .taxonomy = {"repatriation", "family_tracing"},
                         .languages = {"nepali", "english", "hindi", "arabic", "malay", "korean"},
                         .required_documents = {"any identity document, if the survivor has one"},
                         .service_areas = districts,
                         .locations = {At(desk->id, kWorkWeek, "09:30", "17:30")},
                         .last_verified = b.VerifiedDaysAgo(12)});
      !ok) {
    return Fail(ok.error());
  }
  auto employers = b.Org({.name = "Himalayan Skills Employer Network (demo)",
                          .description = "Employers offering safe jobs to survivors.",
                          .sector = "private",
                          .district = "306",
                          .samman_org_id = linked("private")});
  if (!employers) return Fail(employers.error());
  auto hub = b.Place({.organization_id = employers->id,
                      .name = "Job placement hub",
                      .district = "306",
                      .local_level = "30601"});
  if (!hub) return Fail(hub.error());
  if (auto ok = b.Offer({.organization_id = employers->id,
                         .name = "Job placement",
                         .name_ne = "रोजगारी",
                         .taxonomy = {"job_placement", "migration_information"},
                         .minimum_age = 18,
                         .languages = {"nepali", "english"},
                         .service_areas = districts,
                         .locations = {At(hub->id, kWorkWeek, "10:00", "17:00")},
                         .last_verified = b.VerifiedDaysAgo(45)});
      !ok) {
    return Fail(ok.error());
  }
  return b.services();
}

Result<int> GenerateReferrals(platform::App& app,
                              const std::map<std::string, identity::Principal>& workers,
                              const std::vector<std::string>& sender_case_ids) {
  auto sender = workers.find("ngo306");
  auto banke = workers.find("ngo511");
  if (sender == workers.end() || banke == workers.end()) return 0;
  // The Banke NGO's legal aid and its district's services, found as a case worker would.
  directory::SearchQuery q;
  q.taxonomy = "legal_aid";
  q.district = "511";
  auto legal = app.directory().Search(&sender->second, q);
  if (!legal) return Fail(legal.error());
  if (legal->items.empty() || legal->items[0].service.locations.empty()) return 0;
  const std::string legal_sal = legal->items[0].service.locations[0].id;

  const std::string consent = nlohmann::json{
      {"given_at", NepalDate(std::chrono::system_clock::now())},
      {"checklist",
       {{"consents_to_interview", true},
        {"informed_of_purpose", true},
        {"informed_of_uses", true},
        {"informed_of_research_use", false},
        {"informed_of_right_to_access", true},
        {"informed_of_retention", true},
        {"informed_of_withdrawal",
         true}}}}.dump();
  int sent = 0;
  const std::vector<std::string> urgencies = {"high",   "normal", "emergency",
                                              "normal", "low",    "high"};
  for (size_t i = 0; i < sender_case_ids.size() && i < urgencies.size(); ++i) {
    referrals::NewReferral n;
    n.case_id = sender_case_ids[i];
    n.service_at_location_id = legal_sal;
    n.reason = "Legal counselling before the hearing in Nepalgunj (demo referral)";
    n.urgency = urgencies[i];
    n.shared_sections = {"identity", "assessments"};
    n.consent_json = consent;
    auto created = app.referrals().Create(sender->second, n);
    if (!created) {
      if (created.error().code == ErrorCode::kConflict) continue;  // a closed case, skip it
      return Fail(created.error());
    }
    ++sent;
    // The recipient has answered some already.
    if (i % 3 == 1) {
      if (auto ok = app.referrals().Act(banke->second, created->id, "accept", ""); !ok) {
        return Fail(ok.error());
      }
    } else if (i % 3 == 2) {
      if (auto ok = app.referrals().Act(banke->second, created->id, "decline",
                                        "No lawyer free this month (demo)");
          !ok) {
        return Fail(ok.error());
      }
    }
  }
  return sent;
}

}  // namespace samman::demo
