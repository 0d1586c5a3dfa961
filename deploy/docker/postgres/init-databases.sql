-- docker-compose.yml: one database per service (the embedded local stack creates the same four).
CREATE DATABASE registration;
CREATE DATABASE plan;
CREATE DATABASE funding;
CREATE DATABASE notification;
