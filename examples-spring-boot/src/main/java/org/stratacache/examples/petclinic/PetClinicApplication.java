package org.stratacache.examples.petclinic;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the pet clinic on http://127.0.0.1:8080/ ({@code server.address}: loopback only). From the repository
 * root: {@code mvn -B -q -pl examples-spring-boot -am -DskipTests package exec:java}.
 */
@SpringBootApplication
public class PetClinicApplication {

    public static void main(String[] args) {
        SpringApplication.run(PetClinicApplication.class, args);
    }
}
