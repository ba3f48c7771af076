// Referrals HTTP API: /api/v1/referrals, its actions and counts. Handlers run on worker threads;
// every decision is the service's.
#pragma once

#include "http/router.h"
#include "identity/service.h"
#include "referrals/service.h"

namespace samman::referrals {

void RegisterRoutes(http::Router& router, Service& referrals, identity::Service& identity);

}  // namespace samman::referrals
