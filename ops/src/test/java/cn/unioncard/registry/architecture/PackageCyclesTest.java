package cn.unioncard.registry.architecture;

import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Packages depend on each other one way: a capability that needs another's answer asks its owner,
 * and the owner never needs to ask back. A cycle is where two capabilities have begun to merge.
 */
class PackageCyclesTest {

    @Test
    void packagesDependOnEachOtherWithoutCycles() {
        slices().matching("cn.unioncard.registry.(**)").should().beFreeOfCycles()
                .check(RegistryClasses.imported());
    }
}
