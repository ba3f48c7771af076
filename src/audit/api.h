// Audit HTTP API: GET /api/v1/audit (system administrators) with filters and a seq cursor.
#pragma once

#include "audit/service.h"
#include "http/router.h"
#include "identity/service.h"

namespace samman::audit {

void RegisterRoutes(http::Router& router, const Service& audit, identity::Service& identity);

}  // namespace samman::audit
