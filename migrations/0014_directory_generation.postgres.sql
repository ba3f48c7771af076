-- A number that moves on every change to the directory, in the changing transaction, so that
-- each server may keep the services in memory and know, from one row, when its copy is behind
-- (directory::Service::Current), whichever server or tool made the change.
CREATE TABLE dir_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation BIGINT NOT NULL
);
INSERT INTO dir_generation (id, generation) VALUES (1, 0);
CREATE FUNCTION dir_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE dir_generation SET generation = generation + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER dir_organizations_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_organizations
  FOR EACH STATEMENT EXECUTE FUNCTION dir_generation_bump();
CREATE TRIGGER dir_locations_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_locations
  FOR EACH STATEMENT EXECUTE FUNCTION dir_generation_bump();
CREATE TRIGGER dir_services_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_services
  FOR EACH STATEMENT EXECUTE FUNCTION dir_generation_bump();
CREATE TRIGGER dir_service_terms_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_service_terms
  FOR EACH STATEMENT EXECUTE FUNCTION dir_generation_bump();
CREATE TRIGGER dir_service_capacity_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_service_capacity
  FOR EACH STATEMENT EXECUTE FUNCTION dir_generation_bump();
CREATE TRIGGER dir_service_at_locations_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON dir_service_at_locations
  FOR EACH STATEMENT EXECUTE FUNCTION dir_generation_bump();
