// Case management HTTP API: /api/v1/cases and its sub-resources, /api/v1/tasks/overdue. Handlers
// run on worker threads; every decision is the service's.
#pragma once

#include "cases/service.h"
#include "http/router.h"
#include "identity/service.h"

namespace samman::cases {

void RegisterRoutes(http::Router& router, Service& cases, identity::Service& identity);

}  // namespace samman::cases
