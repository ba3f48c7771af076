-- A number that moves on every change to the directory, in the changing transaction, so that
-- each server may keep the services in memory and know, from one row, when its copy is behind
-- (directory::Service::Current), whichever server or tool made the change.
CREATE TABLE dir_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation BIGINT NOT NULL
);
INSERT INTO dir_generation (id, generation) VALUES (1, 0);
CREATE TRIGGER dir_organizations_inserted AFTER INSERT ON dir_organizations
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_organizations_updated AFTER UPDATE ON dir_organizations
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_organizations_deleted AFTER DELETE ON dir_organizations
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_locations_inserted AFTER INSERT ON dir_locations
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_locations_updated AFTER UPDATE ON dir_locations
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_locations_deleted AFTER DELETE ON dir_locations
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_services_inserted AFTER INSERT ON dir_services
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_services_updated AFTER UPDATE ON dir_services
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_services_deleted AFTER DELETE ON dir_services
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_service_terms_inserted AFTER INSERT ON dir_service_terms
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_service_terms_updated AFTER UPDATE ON dir_service_terms
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_service_terms_deleted AFTER DELETE ON dir_service_terms
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_service_capacity_inserted AFTER INSERT ON dir_service_capacity
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_service_capacity_updated AFTER UPDATE ON dir_service_capacity
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_service_capacity_deleted AFTER DELETE ON dir_service_capacity
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_service_at_locations_inserted AFTER INSERT ON dir_service_at_locations
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_service_at_locations_updated AFTER UPDATE ON dir_service_at_locations
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
CREATE TRIGGER dir_service_at_locations_deleted AFTER DELETE ON dir_service_at_locations
BEGIN UPDATE dir_generation SET generation = generation + 1; END;
