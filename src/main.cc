// The samman command line: serve, migrate, org add, user add|passwd|disable|list, audit verify,
// backup, demo, directory export|import, key list|rotate, version. Every subcommand takes
// --data-dir and --database; serve also --listen and
// --config.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "common/crypto.h"
#include "common/strings.h"
#include "db/migrate.h"
#include "demo/generator.h"
#include "directory/codec.h"
#include "directory/datapackage.h"
#include "http/server.h"
#include "platform/app.h"
#include "platform/backup.h"
#include "platform/config.h"
#include "platform/keys.h"
#include "refdata/service.h"

namespace {

using samman::Result;
using samman::platform::App;
using samman::platform::Config;

int Die(const std::string& message) {
  std::fprintf(stderr, "samman: %s\n", message.c_str());
  return 1;
}

// Reads a password from the terminal without echo when --password was not given.
std::string AskPassword(const char* prompt) {
  std::string pw;
  if (isatty(STDIN_FILENO)) {
    std::fprintf(stderr, "%s", prompt);
    std::system("stty -echo");
    std::getline(std::cin, pw);
    std::system("stty echo");
    std::fprintf(stderr, "\n");
  } else {
    std::getline(std::cin, pw);
  }
  return pw;
}

}  // namespace

int main(int argc, char** argv) {
  samman::crypto::Init();
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App cli{"Samman: counter-trafficking information system for Nepal"};
  cli.require_subcommand(1);
  std::string data_dir, database, config_file, listen, static_dir;
  auto common = [&](CLI::App* sub) {
    sub->add_option("--data-dir", data_dir, "directory for samman.db and the key file (./var)");
    sub->add_option("--database", database, "sqlite:PATH or postgresql://... (SQLite in data dir)");
    sub->add_option("--config", config_file, "TOML configuration file");
  };

  auto* serve = cli.add_subcommand("serve", "run the HTTP server");
  common(serve);
  serve->add_option("--listen", listen, "HOST:PORT to listen on (127.0.0.1:8080)");
  serve->add_option("--static-dir", static_dir, "built web UI to serve (web/dist)");

  auto* migrate = cli.add_subcommand("migrate", "apply database migrations and exit");
  common(migrate);

  auto* org = cli.add_subcommand("org", "organisations");
  org->require_subcommand(1);
  auto* org_add = org->add_subcommand("add", "add an organisation; prints its id");
  common(org_add);
  std::string org_name, org_type, org_level, org_jurisdiction;
  org_add->add_option("--name", org_name, "name")->required();
  org_add
      ->add_option("--type", org_type,
                   "ngo|shelter|police|committee|ministry|attorney|court|"
                   "private|international")
      ->required();
  org_add->add_option("--level", org_level, "committees: national|province|district|local");
  org_add->add_option("--jurisdiction", org_jurisdiction, "province, district or local level code");

  auto* user = cli.add_subcommand("user", "users");
  user->require_subcommand(1);
  std::string username, password, user_org, roles, display_name;
  auto* user_add = user->add_subcommand("add", "add a user (the way to create the first admin)");
  common(user_add);
  user_add->add_option("--username", username)->required();
  user_add->add_option("--password", password, "at least 12 characters (asked when omitted)");
  user_add->add_option("--org", user_org, "organisation id")->required();
  user_add->add_option("--role", roles, "role[,role...]")->required();
  user_add->add_option("--display-name", display_name);
  auto* user_passwd = user->add_subcommand("passwd", "set a user's password (also unlocks)");
  common(user_passwd);
  user_passwd->add_option("--username", username)->required();
  user_passwd->add_option("--password", password, "asked when omitted");
  auto* user_disable = user->add_subcommand("disable", "disable a user and end their sessions");
  common(user_disable);
  user_disable->add_option("--username", username)->required();
  auto* user_list = user->add_subcommand("list", "list users");
  common(user_list);

  auto* audit = cli.add_subcommand("audit", "the audit log");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand("verify", "check the hash chain; exit 1 if broken");
  common(audit_verify);

  auto* backup = cli.add_subcommand("backup", "write a consistent copy of the database");
  common(backup);
  std::string backup_out;
  backup->add_option("--out", backup_out, "file to write (SQLite file or pg_dump archive)")
      ->required();

  auto* demo = cli.add_subcommand("demo", "fill an empty database with realistic demo data");
  common(demo);
  int demo_cases = 2000;
  uint64_t demo_seed = 2083;
  demo->add_option("--cases", demo_cases, "how many survivors' cases (2000)")
      ->check(CLI::Range(0, 2000000));
  demo->add_option("--seed", demo_seed, "seed for the same data every time (2083)");

  auto* directory = cli.add_subcommand("directory", "the service directory");
  directory->require_subcommand(1);
  auto* dir_export = directory->add_subcommand(
      "export", "write the directory as an HSDS CSV datapackage (a folder) or as JSON (a file)");
  common(dir_export);
  std::string dir_format = "datapackage";
  std::string dir_path;
  bool dir_public = false;
  dir_export->add_option("--format", dir_format, "datapackage (HSDS 3.0 CSV) or json")
      ->check(CLI::IsMember({"datapackage", "json"}));
  dir_export->add_option("--out", dir_path, "folder (datapackage) or file (json)")->required();
  dir_export->add_flag("--public", dir_public,
                       "leave out confidential addresses, as the public sees the directory");
  auto* dir_import = directory->add_subcommand(
      "import", "add or replace listings from a datapackage folder or a JSON export (all or none)");
  common(dir_import);
  dir_import->add_option("path", dir_path, "datapackage folder or JSON file")->required();

  auto* key = cli.add_subcommand("key", "the key file's keys");
  key->require_subcommand(1);
  auto* key_list = key->add_subcommand("list", "list the keys, oldest first, and which is current");
  common(key_list);
  auto* key_rotate = key->add_subcommand(
      "rotate", "add a new key and re-encrypt everything under it (stop every server first)");
  common(key_rotate);
  bool key_resume = false;
  key_rotate->add_flag("--resume", key_resume,
                       "finish an interrupted rotation with the newest key, adding none");

  auto* version = cli.add_subcommand("version", "print the version");

  CLI11_PARSE(cli, argc, argv);

  if (version->parsed()) {
    std::printf("samman %s\n", SAMMAN_VERSION);
    return 0;
  }

  auto loaded = samman::platform::LoadConfig(
      config_file.empty() ? std::nullopt : std::optional<std::string>(config_file));
  if (!loaded) return Die(loaded.error().detail);
  Config config = *loaded;
  if (!data_dir.empty()) config.data_dir = data_dir;
  if (!database.empty()) config.database = database;
  if (!listen.empty()) config.listen = listen;
  if (!static_dir.empty()) config.static_dir = static_dir;
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  if (!serve->parsed()) spdlog::set_level(spdlog::level::warn);

  samman::SystemClock clock;
  std::unique_ptr<App> app;
  auto open = [&]() -> bool {
    try {
      auto opened = App::Open(config, clock);
      if (!opened) {
        Die(opened.error().detail);
        return false;
      }
      app = std::move(*opened);
      return true;
    } catch (const std::exception& e) {
      Die(e.what());
      return false;
    }
  };
  if (!open()) return 1;
  if (key_rotate->parsed()) {
    // Refuse before touching the key file when the chain is already broken.
    auto chain = samman::platform::ChainKey(*app);
    if (!chain) return Die(chain.error().detail);
    if (!key_resume) {
      app.reset();
      auto grown = samman::crypto::KeyRing::AddKey(config.KeyFile());
      if (!grown) return Die(grown.error().detail);
      std::printf("added key %s to %s\n", grown->key_id().c_str(), config.KeyFile().c_str());
      if (!open()) return 1;
    }
    try {
      auto report = samman::platform::RotateKeys(*app, [](int64_t rows) {
        std::fprintf(stderr, "\r%lld rows re-encrypted", static_cast<long long>(rows));
      });
      if (!report) return Die(report.error().detail);
      std::printf(
          "\neverything is now under key %s: %lld audit records re-hashed (the chain was under "
          "%s), %lld rows and %lld two-factor secrets re-encrypted; %lld sessions ended and %lld "
          "API tokens revoked (issue new ones).\ncopy %s to every server before starting them; "
          "keep the older keys in it while backups made with them may need restoring.\n",
          report->key_id.c_str(), static_cast<long long>(report->audit_rows),
          report->chain_key_id.c_str(), static_cast<long long>(report->data_rows),
          static_cast<long long>(report->identity.secrets),
          static_cast<long long>(report->identity.sessions),
          static_cast<long long>(report->identity.tokens), config.KeyFile().c_str());
    } catch (const std::exception& e) {
      return Die(std::string(e.what()) +
                 "; nothing was lost: run samman key rotate --resume to finish");
    }
    return 0;
  }
  if (key_list->parsed()) {
    const auto ids = app->keys().key_ids();
    for (const auto& id : ids) {
      std::printf("%s%s\n", id.c_str(), id == app->keys().key_id() ? "\tcurrent" : "");
    }
    return 0;
  }
  const auto cli_user = samman::identity::Principal::CommandLine();
  auto& ids = app->identity();

  if (migrate->parsed()) {
    std::printf("database at schema version %d\n", samman::db::CurrentVersion(app->db()));
    return 0;
  }
  if (org_add->parsed()) {
    auto o = ids.CreateOrganization(cli_user, {org_name, org_type, org_level, org_jurisdiction});
    if (!o) return Die(o.error().detail);
    std::printf("%s\n", o->id.c_str());
    return 0;
  }
  if (user_add->parsed()) {
    if (password.empty()) password = AskPassword("password (12+ characters): ");
    auto u = ids.CreateUser(
        cli_user, {username, display_name, password, user_org, samman::SplitComma(roles)});
    if (!u) return Die(u.error().detail);
    std::printf("%s\n", u->id.c_str());
    return 0;
  }
  if (user_passwd->parsed() || user_disable->parsed()) {
    auto u = ids.FindUserByUsername(cli_user, username);
    if (!u) return Die(u.error().detail);
    if (user_passwd->parsed()) {
      if (password.empty()) password = AskPassword("new password (12+ characters): ");
      auto ok = ids.ResetPassword(cli_user, u->id, password);
      if (!ok) return Die(ok.error().detail);
      std::printf("password set for %s\n", u->username.c_str());
    } else {
      auto ok = ids.UpdateUser(cli_user, u->id, u->version, {std::nullopt, std::nullopt, true});
      if (!ok) return Die(ok.error().detail);
      std::printf("%s disabled\n", u->username.c_str());
    }
    return 0;
  }
  if (user_list->parsed()) {
    auto users = ids.ListUsers(cli_user, "");
    if (!users) return Die(users.error().detail);
    for (const auto& u : *users) {
      std::string r;
      for (const auto& role : u.roles) r += (r.empty() ? "" : ",") + role;
      std::printf("%s\t%s\t%s\t%s%s\n", u.id.c_str(), u.username.c_str(), u.organization_id.c_str(),
                  r.c_str(), u.disabled ? "\tdisabled" : "");
    }
    return 0;
  }
  if (audit_verify->parsed()) {
    auto report = app->audit().Verify();
    if (!report.ok) {
      std::fprintf(stderr, "audit chain BROKEN at row %lld: %s\n",
                   static_cast<long long>(report.first_bad_seq), report.problem.c_str());
      return 1;
    }
    std::printf("audit chain intact: %lld rows\n", static_cast<long long>(report.rows));
    return 0;
  }
  if (dir_export->parsed()) {
    const auto operator_ = samman::identity::Principal::CommandLine();
    const samman::identity::Principal* who = dir_public ? nullptr : &operator_;
    if (dir_format == "json") {
      std::ofstream out(dir_path, std::ios::binary);
      if (!out) return Die("cannot write " + dir_path);
      out << samman::directory::DirectoryJson(app->directory().Export(who)).dump(2) << "\n";
      std::printf("directory written to %s\n", dir_path.c_str());
      return 0;
    }
    auto rows =
        samman::directory::WriteDatapackage(app->directory(), app->refdata(), who, dir_path);
    if (!rows) return Die(rows.error().detail);
    std::printf("HSDS datapackage written to %s (%d rows)\n", dir_path.c_str(), *rows);
    return 0;
  }
  if (dir_import->parsed()) {
    samman::Result<samman::directory::DirectoryData> data =
        samman::Fail(samman::Error::Invalid("nothing read"));
    if (std::filesystem::is_directory(dir_path)) {
      data = samman::directory::ReadDatapackage(app->directory(), dir_path);
    } else {
      std::ifstream in(dir_path, std::ios::binary);
      if (!in) return Die("cannot read " + dir_path);
      auto j = nlohmann::json::parse(in, nullptr, false);
      if (j.is_discarded()) return Die(dir_path + " is not JSON");
      data = samman::directory::ReadDirectoryJson(j);
    }
    if (!data) return Die(data.error().detail);
    auto report =
        app->directory().Import(samman::identity::Principal::CommandLine(), std::move(*data));
    if (!report) return Die(report.error().detail);
    std::printf("directory imported: %d added, %d replaced\n", report->created, report->updated);
    return 0;
  }
  if (demo->parsed()) {
    samman::demo::Options options;
    options.cases = demo_cases;
    options.seed = demo_seed;
    options.truth_file = config.data_dir + "/demo-duplicates.csv";
    auto report = samman::demo::Generate(*app, options);
    if (!report) return Die(report.error().detail);
    std::printf(
        "demo data: %d organisations, %d users, %d cases (%d people recorded twice; pairs in "
        "%s), %d directory services, %d referrals\ncases written in %.1f s, then indexes built in "
        "%.1f s\nsign in with any of these usernames and the password %s:\n",
        report->organizations, report->users, report->cases, report->duplicate_pairs,
        options.truth_file.c_str(), report->directory_services, report->referrals,
        report->load_seconds, report->index_seconds, samman::demo::kDemoPassword);
    for (const auto& [username, role] : report->logins) {
      std::printf("  %-12s %s\n", username.c_str(), role.c_str());
    }
    return 0;
  }
  if (backup->parsed()) {
    auto ok = samman::platform::Backup(app->db(), config.DatabaseUrl(), backup_out);
    if (!ok) return Die(ok.error().detail);
    std::printf(
        "backup written to %s\nkeep the key file %s safe and separate: without it the "
        "encrypted fields cannot be read\n",
        backup_out.c_str(), config.KeyFile().c_str());
    return 0;
  }

  // serve
  auto where = samman::platform::ParseListen(config.listen);
  if (!where) return Die(where.error().detail);
  samman::http::ServerOptions options;
  options.host = where->first;
  options.port = where->second;
  options.io_threads = config.io_threads;
  options.worker_threads = config.worker_threads;
  options.max_body_bytes = config.max_body_bytes;
  App* a = app.get();
  samman::http::Server server(options, [a](samman::http::Request& req) { return a->Handle(req); });
  uint16_t port = 0;
  try {
    port = server.Start();
  } catch (const std::exception& e) {
    return Die("cannot listen on " + config.listen + ": " + e.what());
  }
  if (config.run_jobs) {
    app->jobs().Schedule("sessions.purge", 24 * 3600);
    app->jobs().Schedule("referrals.expire", 15 * 60);
    app->jobs().Start(std::chrono::seconds(5));
  }
  spdlog::info("samman {} serving http://{}:{} on {} ", SAMMAN_VERSION, options.host, port,
               samman::db::EngineName(app->db().engine()));
  std::printf("Samman is running at http://%s:%u/ (Ctrl-C to stop)\n", options.host.c_str(), port);
  std::fflush(stdout);
  server.WaitForSignal();
  app->jobs().Stop();
  return 0;
}
