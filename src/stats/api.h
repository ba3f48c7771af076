// Statistics HTTP API: /api/v1/stats/indicators, /query and /public. Handlers run on worker
// threads; every decision (jurisdiction, disclosure control, budget) is the service's.
#pragma once

#include "http/router.h"
#include "identity/service.h"
#include "stats/service.h"

namespace samman::stats {

void RegisterRoutes(http::Router& router, Service& stats, identity::Service& identity);

}  // namespace samman::stats
