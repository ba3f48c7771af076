// Directory HTTP API: /api/v1/directory/* (our JSON, reads public, writes for editors) and the
// read-only HSDS 3.0 API under /hsds/. Handlers run on worker threads; every decision about who
// sees or changes what is the service's.
#pragma once

#include "directory/service.h"
#include "http/router.h"
#include "identity/service.h"
#include "refdata/service.h"

namespace samman::directory {

void RegisterRoutes(http::Router& router, Service& directory, identity::Service& identity);
// /hsds/...: the same data in HSDS 3.0 shapes, with our profile.
void RegisterHsdsRoutes(http::Router& router, Service& directory, identity::Service& identity,
                        const refdata::Service& refdata);

}  // namespace samman::directory
