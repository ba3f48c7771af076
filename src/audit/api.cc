#include "audit/api.h"

#include <nlohmann/json.hpp>

#include "http/handler_util.h"
#include "identity/api.h"

namespace samman::audit {

void RegisterRoutes(http::Router& r, const Service& audit, identity::Service& identity) {
  r.Get("/api/v1/audit",
        identity::WithPrincipal(
            identity,
            [&audit](http::Request& req, const identity::Principal& who) -> Result<http::Response> {
              Filter f;
              f.actor_user_id = req.Query("actor").value_or("");
              f.entity_type = req.Query("entity_type").value_or("");
              f.entity_id = req.Query("entity_id").value_or("");
              f.action = req.Query("action").value_or("");
              f.from = req.Query("from").value_or("");
              f.to = req.Query("to").value_or("");
              if (auto cursor = req.Query("cursor")) {
                try {
                  f.before_seq = std::stoll(*cursor);
                } catch (...) {
                  return Fail(Error::BadRequest("cursor must be a number from a previous page"));
                }
              }
              auto limit = http::Limit(req, 50, 500);
              if (!limit) return Fail(limit.error());
              f.limit = *limit;
              nlohmann::json items = nlohmann::json::array();
              auto rows = audit.List(who, f);
              if (!rows) return Fail(rows.error());
              for (const auto& row : *rows) {
                items.push_back({{"seq", row.seq},
                                 {"at", row.at},
                                 {"actor_user_id", row.actor_user_id},
                                 {"actor_org_id", row.actor_org_id},
                                 {"actor_username", row.actor_username},
                                 {"action", row.action},
                                 {"entity_type", row.entity_type},
                                 {"entity_id", row.entity_id},
                                 {"detail", nlohmann::json::parse(row.detail, nullptr, false)},
                                 {"request_id", row.request_id},
                                 {"ip", row.ip},
                                 {"hash", row.hash}});
              }
              nlohmann::json body = {{"items", std::move(items)}};
              body["next_cursor"] = static_cast<int>(rows->size()) == f.limit && !rows->empty()
                                        ? nlohmann::json(std::to_string(rows->back().seq))
                                        : nlohmann::json(nullptr);
              return http::Response::Json(200, body);
            }));
}

}  // namespace samman::audit
