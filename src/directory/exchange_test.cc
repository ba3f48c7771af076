// Moving a directory between installations: HSDS CSV datapackage and JSON, out and back in.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "directory/codec.h"
#include "directory/datapackage.h"
#include "test_env.h"

namespace samman::testing {
namespace {

using nlohmann::json;

constexpr const char* kSecret = "Behind the blue gate, Ward secret";

class DirectoryExchange : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    editor_ = MakeUser("editor", {"directory_editor"}, "ministry");
    auto& dir = app().directory();
    auto org = dir.CreateOrganization(editor_, {.name = "Banke Shelter Home",
                                                .name_ne = "बाँके आश्रय गृह",
                                                .description = "Shelter",
                                                .sector = "ngo",
                                                .email = "help@example.org",
                                                .phone = "081-520000",
                                                .district = "511",
                                                .last_verified = "2026-10-01"});
    ASSERT_TRUE(org) << org.error().detail;
    directory::Location house;
    house.organization_id = org->id;
    house.name = "Safe house";
    house.confidential = true;
    house.district = "511";
    house.local_level = "51106";
    house.ward = 4;
    house.address = kSecret;
    house.latitude = 28.0512;
    house.longitude = 81.6171;
    house.contact_route = "Through the district police";
    auto l = dir.CreateLocation(editor_, house);
    ASSERT_TRUE(l) << l.error().detail;
    directory::ServiceRecord s;
    s.organization_id = org->id;
    s.name = "Emergency shelter";
    s.name_ne = "आपतकालीन आश्रय";
    s.description_ne = "महिलाका लागि";
    s.taxonomy = {"shelter", "psychosocial_counselling"};
    s.free = false;
    s.fees_description = "Sliding scale";
    s.minimum_age = 10;
    s.sexes = {"female"};
    s.target_groups = {"trafficking_survivors", "women"};
    s.languages = {"nepali", "awadhi"};
    s.required_documents = {"none, if the survivor has none"};
    s.service_areas = {"511", "512"};
    s.capacity = {{"bed", 3, 20, ""}};
    s.locations = {{.location_id = l->id, .schedules = {{{"MO", "TU"}, "09:00", "17:30"}}}};
    auto created = dir.CreateService(editor_, s);
    ASSERT_TRUE(created) << created.error().detail;
    service_id_ = created->id;
  }

  // A second, empty installation.
  std::unique_ptr<platform::App> Fresh() {
    other_db_ = std::make_unique<ScratchDatabase>();
    auto opened = platform::App::Open(TestConfig(*other_db_), clock_);
    EXPECT_TRUE(opened) << opened.error().detail;
    return opened ? std::move(*opened) : nullptr;
  }

  // What a listing says, without what each installation stamps on it.
  static json Comparable(json j) {
    for (const char* stamp : {"version", "updated_at", "stale", "open_now"}) j.erase(stamp);
    return j;
  }

  identity::Principal editor_;
  std::string service_id_;
  std::unique_ptr<ScratchDatabase> other_db_;
};

TEST_F(DirectoryExchange, ADatapackageCarriesTheWholeDirectoryToAnotherInstallation) {
  const std::string out = scratch_->dir() + "/package";
  auto cli = identity::Principal::CommandLine();
  auto rows = directory::WriteDatapackage(app().directory(), app().refdata(), &cli, out);
  ASSERT_TRUE(rows) << rows.error().detail;
  for (const char* file : {"datapackage.json", "organizations.csv", "services.csv", "locations.csv",
                           "service_at_location.csv", "schedules.csv", "attributes.csv",
                           "taxonomy_terms.csv", "service_capacity.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(out + "/" + file)) << file;
  }
  std::ifstream header_in(out + "/services.csv");
  std::string header;
  std::getline(header_in, header);
  EXPECT_EQ(header.rfind("id,organization_id,program_id,name,", 0), 0u) << header;

  auto other = Fresh();
  ASSERT_TRUE(other);
  auto read = directory::ReadDatapackage(other->directory(), out);
  ASSERT_TRUE(read) << read.error().detail;
  auto imported = other->directory().Import(cli, std::move(*read));
  ASSERT_TRUE(imported) << imported.error().detail;
  EXPECT_EQ(imported->created, 3);

  auto before = app().directory().GetService(&cli, service_id_);
  auto after = other->directory().GetService(&cli, service_id_);
  ASSERT_TRUE(after) << after.error().detail;
  EXPECT_EQ(Comparable(directory::ServiceJson(*after, false, false)),
            Comparable(directory::ServiceJson(*before, false, false)));
  auto place = other->directory().GetLocation(&cli, before->locations[0].location_id);
  ASSERT_TRUE(place);
  EXPECT_EQ(place->address, kSecret);
  EXPECT_EQ(place->ward, 4);
  EXPECT_TRUE(place->confidential);
  EXPECT_NEAR(*place->latitude, 28.0512, 1e-9);

  // Importing the same package again replaces rather than duplicates.
  auto again = other->directory().Import(cli, *directory::ReadDatapackage(other->directory(), out));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->updated, 3);
}

TEST_F(DirectoryExchange, ThePublicPackageLeavesConfidentialAddressesOut) {
  const std::string out = scratch_->dir() + "/public";
  ASSERT_TRUE(directory::WriteDatapackage(app().directory(), app().refdata(), nullptr, out));
  for (const auto& entry : std::filesystem::directory_iterator(out)) {
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str().find("blue gate"), std::string::npos) << entry.path();
    EXPECT_EQ(text.str().find("28.0512"), std::string::npos) << entry.path();
  }
}

TEST_F(DirectoryExchange, JsonRoundTripsAndABadRecordImportsNothing) {
  auto cli = identity::Principal::CommandLine();
  json exported = directory::DirectoryJson(app().directory().Export(&cli));
  auto other = Fresh();
  ASSERT_TRUE(other);

  json broken = exported;
  broken["services"][0]["taxonomy"] = json::array({"massage"});
  auto bad = directory::ReadDirectoryJson(broken);
  ASSERT_TRUE(bad);
  auto refused = other->directory().Import(cli, *bad);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().detail.find("massage"), std::string::npos);
  EXPECT_TRUE(other->directory().ListOrganizations("", "", "").empty());

  auto good = directory::ReadDirectoryJson(exported);
  ASSERT_TRUE(good) << good.error().detail;
  ASSERT_TRUE(other->directory().Import(cli, *good));
  auto after = other->directory().GetService(&cli, service_id_);
  ASSERT_TRUE(after);
  auto before = app().directory().GetService(&cli, service_id_);
  EXPECT_EQ(Comparable(directory::ServiceJson(*after, false, false)),
            Comparable(directory::ServiceJson(*before, false, false)));
  // Only editors import.
  EXPECT_FALSE(other->directory().Import(MakeUser("worker", {"case_worker"}), *good));
}

}  // namespace
}  // namespace samman::testing
