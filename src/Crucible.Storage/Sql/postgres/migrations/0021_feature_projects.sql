-- Feature store definitions: each applied version of a feature project (a set of definition files, kept as a JSON
-- object of file name to YAML text), with its digest and owning workspace. Versions are never changed once written.
CREATE TABLE feature_projects (
    name          TEXT   NOT NULL,
    version       BIGINT NOT NULL,
    workspace     TEXT   NOT NULL,
    files         TEXT   NOT NULL,
    digest        TEXT   NOT NULL,
    creation_time BIGINT NOT NULL,
    PRIMARY KEY (name, version)
);
