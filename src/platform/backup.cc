#include "platform/backup.h"

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

namespace samman::platform {

Result<void> Backup(db::Database& db, const std::string& url, const std::string& out_path) {
  if (std::filesystem::exists(out_path)) {
    return Fail(Error::Conflict(out_path + " already exists; choose a new file"));
  }
  if (db.engine() == db::Engine::kSqlite) {
    try {
      db.BackupTo(out_path);
    } catch (const db::DbError& e) {
      return Fail(Error::Invalid(e.what()));
    }
    return {};
  }
  // libpq accepts a URL or key=value pairs; Samman writes the latter as "postgresql:key=value".
  std::string conninfo = url;
  if (conninfo.rfind("postgresql:", 0) == 0 && conninfo.rfind("postgresql://", 0) != 0) {
    conninfo = conninfo.substr(11);
  }
  pid_t pid = fork();
  if (pid == 0) {
    execlp("pg_dump", "pg_dump", "--format=custom", "--no-owner", ("--file=" + out_path).c_str(),
           ("--dbname=" + conninfo).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Fail(Error::Invalid("pg_dump failed (exit " + std::to_string(WEXITSTATUS(status)) +
                               "); is postgresql-client installed?"));
  }
  return {};
}

}  // namespace samman::platform
