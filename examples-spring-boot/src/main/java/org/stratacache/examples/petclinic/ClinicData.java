package org.stratacache.examples.petclinic;

import java.time.LocalDate;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * A few owners, pets and visits when the database has none (always on H2 in memory, once on PostgreSQL). Added
 * once every bean exists but before the web server opens its port, so that no first page shows an empty clinic.
 */
@Component
class ClinicData implements SmartInitializingSingleton {
    private final Clinic clinic;

    ClinicData(Clinic clinic) {
        this.clinic = clinic;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (clinic.ownerCount() > 0) {
            return;
        }
        long george = clinic.addOwner("George", "Franklin", "Madison", "6085551023");
        long betty = clinic.addOwner("Betty", "Davis", "Sun Prairie", "6085551749");
        long eduardo = clinic.addOwner("Eduardo", "Rodriquez", "McFarland", "6085558763");
        clinic.addOwner("Harold", "Davis", "Windsor", "6085553198");
        long peter = clinic.addOwner("Peter", "McTavish", "Madison", "6085552765");
        clinic.addPet(george, "Leo", "cat", LocalDate.of(2020, 9, 7));
        clinic.addPet(betty, "Basil", "hamster", LocalDate.of(2022, 8, 6));
        clinic.addPet(eduardo, "Rosy", "dog", LocalDate.of(2021, 4, 17));
        clinic.addPet(eduardo, "Jewel", "dog", LocalDate.of(2020, 3, 7));
        clinic.addPet(peter, "George", "snake", LocalDate.of(2020, 1, 20));
        long leo = clinic.owner(george).pets().get(0).id();
        clinic.addVisit(george, leo, LocalDate.of(2026, 3, 4), "rabies shot");
    }
}
