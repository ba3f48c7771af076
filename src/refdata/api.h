// Reference data HTTP API (public, read-only): /api/v1/geo/*, /api/v1/calendar/convert,
// /api/v1/countries, /api/v1/codelists. Handlers run on worker threads.
#pragma once

#include "http/router.h"
#include "refdata/service.h"

namespace samman::refdata {

void RegisterRoutes(http::Router& router, const Service& refdata);

}  // namespace samman::refdata
