#include "identity/api.h"

#include <nlohmann/json.hpp>

#include "common/ids.h"
#include "common/json_input.h"
#include "http/handler_util.h"

namespace samman::identity {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr const char* kCookie = "samman_session";

json OrgJson(const Organization& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"type", o.type},
          {"level", o.level.empty() ? json(nullptr) : json(o.level)},
          {"jurisdiction", o.jurisdiction.empty() ? json(nullptr) : json(o.jurisdiction)},
          {"created_at", o.created_at},
          {"version", o.version}};
}

json UserJson(const User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"organization_id", u.organization_id},
          {"roles", u.roles},
          {"disabled", u.disabled},
          {"locked", !u.locked_until.empty()},
          {"locked_until", u.locked_until.empty() ? json(nullptr) : json(u.locked_until)},
          {"totp_enabled", u.totp_enabled},
          {"created_at", u.created_at},
          {"version", u.version}};
}

json MeJson(const Principal& p) {
  json u = UserJson(p.user);
  u["organization"] = OrgJson(p.organization);
  u["must_enrol_totp"] = p.must_enrol_totp;
  return u;
}

std::string SessionCookie(const std::string& value, bool secure, bool clear) {
  std::string c = std::string(kCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) c += "; Secure";
  if (clear) c += "; Max-Age=0";
  return c;
}

Result<Response> Json(int status, const json& body) { return Response::Json(status, body); }

bool AllowedBeforeEnrolment(const Request& req) {
  return req.path == "/api/v1/me" || req.path.rfind("/api/v1/me/totp/", 0) == 0 ||
         req.path == "/api/v1/auth/logout";
}

}  // namespace

Result<Principal> Authenticate(Service& identity, const Request& req) {
  Result<Principal> who = Fail(Error::Unauthenticated("sign in first"));
  if (auto auth = req.Header("authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (auth->rfind(kBearer, 0) != 0) {
      return Fail(Error::Unauthenticated("use Authorization: Bearer <token>"));
    }
    who = identity.AuthenticateApiToken(auth->substr(kBearer.size()));
  } else if (auto cookie = req.Cookie(kCookie)) {
    who = identity.AuthenticateSession(*cookie);
    if (who && !req.IsSafeMethod()) {
      auto sent = req.Header("x-csrf-token");
      if (!sent || !crypto::ConstantTimeEquals(*sent, identity.CsrfTokenFor(*cookie))) {
        return Fail(Error::Forbidden(
            "missing or wrong X-CSRF-Token header: reload the page and try again"));
      }
    }
  }
  if (!who) return who;
  if (who->must_enrol_totp && !AllowedBeforeEnrolment(req)) {
    return Fail(Error::Forbidden("set up two-factor sign-in first (My account)"));
  }
  who->request_id = req.request_id;
  who->ip = req.remote_ip;
  return who;
}

std::optional<Principal> OptionalPrincipal(Service& identity, const Request& req) {
  if (!req.Header("authorization") && !req.Cookie(kCookie)) return std::nullopt;
  auto who = Authenticate(identity, req);
  if (!who) return std::nullopt;
  return *who;
}

http::Handler WithPrincipal(Service& identity, AuthedHandler handler) {
  return [&identity, handler = std::move(handler)](Request& req) {
    auto who = Authenticate(identity, req);
    if (!who) return Response::Problem(who.error(), req.request_id);
    return http::ToResponse(handler(req, *who), req);
  };
}

void RegisterRoutes(http::Router& r, Service& identity, ApiOptions options) {
  r.Post("/api/v1/auth/login", http::Public([&identity, options](Request& req) -> Result<Response> {
           auto in = JsonInput::Parse(req.body);
           if (!in) return Fail(in.error());
           std::string username = in->String("username", 64);
           std::string password = in->String("password", 1024);
           std::string totp = in->OptString("totp", 10).value_or("");
           if (auto ok = in->Finish(); !ok) return Fail(ok.error());
           auto login = identity.Login(username, password, totp, req.remote_ip,
                                       req.Header("user-agent").value_or(""), req.request_id);
           if (!login) return Fail(login.error());
           Response res = Response::Json(
               200, {{"user", MeJson(login->principal)}, {"csrf_token", login->csrf_token}});
           res.SetHeader("Set-Cookie",
                         SessionCookie(login->session_token, options.secure_cookies, false));
           return res;
         }));

  r.Post("/api/v1/auth/logout",
         WithPrincipal(
             identity, [&identity, options](Request&, const Principal& who) -> Result<Response> {
               if (auto ok = identity.Logout(who); !ok) return Fail(ok.error());
               Response res = Response::NoContent();
               res.SetHeader("Set-Cookie", SessionCookie("", options.secure_cookies, true));
               return res;
             }));

  r.Get("/api/v1/me", WithPrincipal(identity, [&identity](Request& req, const Principal& who) {
          json body = {{"user", MeJson(who)}};
          if (auto cookie = req.Cookie(kCookie); cookie && !who.via_api_token) {
            body["csrf_token"] = identity.CsrfTokenFor(*cookie);
          }
          return Json(200, body);
        }));

  r.Post(
      "/api/v1/me/password",
      WithPrincipal(identity, [&identity](Request& req, const Principal& who) -> Result<Response> {
        auto in = JsonInput::Parse(req.body);
        if (!in) return Fail(in.error());
        std::string current = in->String("current_password", 1024);
        std::string next = in->String("new_password", 2048);
        if (auto ok = in->Finish(); !ok) return Fail(ok.error());
        if (auto ok = identity.ChangePassword(who, current, next); !ok) return Fail(ok.error());
        return Response::NoContent();
      }));

  r.Post("/api/v1/me/totp/setup",
         WithPrincipal(identity, [&identity](Request&, const Principal& who) -> Result<Response> {
           auto setup = identity.BeginTotp(who);
           if (!setup) return Fail(setup.error());
           return Json(200, {{"secret", setup->secret}, {"otpauth_uri", setup->otpauth_uri}});
         }));

  r.Post(
      "/api/v1/me/totp/enable",
      WithPrincipal(identity, [&identity](Request& req, const Principal& who) -> Result<Response> {
        auto in = JsonInput::Parse(req.body);
        if (!in) return Fail(in.error());
        std::string code = in->String("code", 10);
        if (auto ok = in->Finish(); !ok) return Fail(ok.error());
        auto user = identity.EnableTotp(who, code);
        if (!user) return Fail(user.error());
        return Json(200, {{"user", UserJson(*user)}});
      }));

  r.Post(
      "/api/v1/me/totp/disable",
      WithPrincipal(identity, [&identity](Request& req, const Principal& who) -> Result<Response> {
        auto in = JsonInput::Parse(req.body);
        if (!in) return Fail(in.error());
        std::string password = in->String("password", 1024);
        if (auto ok = in->Finish(); !ok) return Fail(ok.error());
        auto user = identity.DisableTotp(who, password);
        if (!user) return Fail(user.error());
        return Json(200, {{"user", UserJson(*user)}});
      }));

  r.Get("/api/v1/me/tokens",
        WithPrincipal(identity, [&identity](Request&, const Principal& who) -> Result<Response> {
          auto tokens = identity.ListApiTokens(who);
          if (!tokens) return Fail(tokens.error());
          json items = json::array();
          for (const auto& t : *tokens) {
            items.push_back({{"id", t.id}, {"name", t.name}, {"created_at", t.created_at}});
          }
          return Json(200, {{"items", std::move(items)}});
        }));

  r.Post(
      "/api/v1/me/tokens",
      WithPrincipal(identity, [&identity](Request& req, const Principal& who) -> Result<Response> {
        auto in = JsonInput::Parse(req.body);
        if (!in) return Fail(in.error());
        std::string name = in->String("name", 100);
        if (auto ok = in->Finish(); !ok) return Fail(ok.error());
        auto t = identity.CreateApiToken(who, name);
        if (!t) return Fail(t.error());
        return Json(
            201,
            {{"id", t->id}, {"name", t->name}, {"created_at", t->created_at}, {"token", t->token}});
      }));

  r.Delete(
      "/api/v1/me/tokens/{id}",
      WithPrincipal(identity, [&identity](Request& req, const Principal& who) -> Result<Response> {
        if (auto ok = identity.RevokeApiToken(who, req.Param("id")); !ok) {
          return Fail(ok.error());
        }
        return Response::NoContent();
      }));

  r.Get("/api/v1/organizations",
        WithPrincipal(identity, [&identity](Request&, const Principal& who) -> Result<Response> {
          auto orgs = identity.ListOrganizations(who);
          if (!orgs) return Fail(orgs.error());
          json items = json::array();
          for (const auto& o : *orgs) items.push_back(OrgJson(o));
          return Json(200, {{"items", std::move(items)}});
        }));

  r.Get(
      "/api/v1/organizations/{id}",
      WithPrincipal(identity, [&identity](Request& req, const Principal& who) -> Result<Response> {
        auto o = identity.GetOrganization(who, req.Param("id"));
        if (!o) return Fail(o.error());
        return Json(200, OrgJson(*o));
      }));

  r.Post(
      "/api/v1/organizations",
      WithPrincipal(identity, [&identity](Request& req, const Principal& who) -> Result<Response> {
        auto in = JsonInput::Parse(req.body);
        if (!in) return Fail(in.error());
        NewOrganization o;
        o.name = in->String("name", 200);
        o.type = in->String("type", 40);
        o.level = in->OptString("level", 40).value_or("");
        o.jurisdiction = in->OptString("jurisdiction", 10).value_or("");
        if (auto ok = in->Finish(); !ok) return Fail(ok.error());
        auto created = identity.CreateOrganization(who, o);
        if (!created) return Fail(created.error());
        Response res = Response::Json(201, OrgJson(*created));
        res.SetHeader("Location", "/api/v1/organizations/" + created->id);
        return res;
      }));

  r.Get(
      "/api/v1/users",
      WithPrincipal(identity, [&identity](Request& req, const Principal& who) -> Result<Response> {
        auto users = identity.ListUsers(who, req.Query("organization_id").value_or(""));
        if (!users) return Fail(users.error());
        json items = json::array();
        for (const auto& u : *users) items.push_back(UserJson(u));
        return Json(200, {{"items", std::move(items)}});
      }));

  r.Get(
      "/api/v1/users/{id}",
      WithPrincipal(identity, [&identity](Request& req, const Principal& who) -> Result<Response> {
        auto u = identity.GetUser(who, req.Param("id"));
        if (!u) return Fail(u.error());
        Response res = Response::Json(200, UserJson(*u));
        res.SetHeader("ETag", "\"" + std::to_string(u->version) + "\"");
        return res;
      }));

  r.Post(
      "/api/v1/users",
      WithPrincipal(identity, [&identity](Request& req, const Principal& who) -> Result<Response> {
        auto in = JsonInput::Parse(req.body);
        if (!in) return Fail(in.error());
        NewUser u;
        u.username = in->String("username", 64);
        u.password = in->String("password", 2048);
        u.organization_id = in->String("organization_id", 64);
        u.roles = in->StringArray("roles", 20);
        u.display_name = in->OptString("display_name", 200).value_or("");
        if (auto ok = in->Finish(); !ok) return Fail(ok.error());
        auto created = identity.CreateUser(who, u);
        if (!created) return Fail(created.error());
        Response res = Response::Json(201, UserJson(*created));
        res.SetHeader("Location", "/api/v1/users/" + created->id);
        return res;
      }));

  r.Patch(
      "/api/v1/users/{id}",
      WithPrincipal(identity, [&identity](Request& req, const Principal& who) -> Result<Response> {
        auto version = http::IfMatchVersion(req);
        if (!version) return Fail(version.error());
        auto in = JsonInput::Parse(req.body);
        if (!in) return Fail(in.error());
        UserPatch patch;
        patch.display_name = in->OptString("display_name", 200);
        patch.roles = in->OptStringArray("roles", 20);
        patch.disabled = in->OptBool("disabled");
        if (auto ok = in->Finish(); !ok) return Fail(ok.error());
        auto u = identity.UpdateUser(who, req.Param("id"), *version, patch);
        if (!u) return Fail(u.error());
        Response res = Response::Json(200, UserJson(*u));
        res.SetHeader("ETag", "\"" + std::to_string(u->version) + "\"");
        return res;
      }));

  r.Post(
      "/api/v1/users/{id}/password",
      WithPrincipal(identity, [&identity](Request& req, const Principal& who) -> Result<Response> {
        auto in = JsonInput::Parse(req.body);
        if (!in) return Fail(in.error());
        std::string password = in->String("password", 2048);
        if (auto ok = in->Finish(); !ok) return Fail(ok.error());
        if (auto ok = identity.ResetPassword(who, req.Param("id"), password); !ok) {
          return Fail(ok.error());
        }
        return Response::NoContent();
      }));
}

}  // namespace samman::identity
