package com.example;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import com.example.platform.problem.InvalidFieldException;
import com.example.platform.problem.Problem;

/**
 * The layout the README describes, held by the build: the application ({@code com.example.hello}, what a user replaces)
 * names nothing of the platform but the problem type a resource may throw, and nothing of the HTTP stack below it; the
 * platform's packages depend on each other one way only. Run on the classes of the build it is in, so the Lambda build
 * checks its front doors too.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.example");
    }

    @Test
    void shouldKeepTheApplicationApartFromThePlatform() {
        noClasses().that().resideInAPackage("com.example.hello..")
                .should().dependOnClassesThat(resideInAnyPackage("com.example.platform..", "io.vertx..", "io.netty..",
                        "io.quarkus.vertx..", "com.amazonaws..")
                        .and(not(belongToAnyOf(Problem.class, InvalidFieldException.class))))
                .check(classes);
    }

    /** Lambda-only code lives in src/lambda, in its own package; the shared code names nothing of AWS's runtime. */
    @Test
    void shouldKeepLambdaTypesInTheLambdaPackage() {
        noClasses().that().resideOutsideOfPackage("com.example.platform.lambda..")
                .should().dependOnClassesThat().resideInAPackage("com.amazonaws..")
                .check(classes);
    }

    @Test
    void shouldHaveNoPackageCycles() {
        slices().matching("com.example.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void shouldKeepLowerPlatformLayersUnawareOfHigherOnes() {
        noClasses().that().resideInAnyPackage("com.example.platform.observability..", "com.example.platform.problem..")
                .should().dependOnClassesThat().resideInAnyPackage("com.example.platform.http..",
                        "com.example.platform.lambda..")
                .check(classes);
        noClasses().that().resideInAPackage("com.example.platform.http..")
                .should().dependOnClassesThat().resideInAPackage("com.example.platform.lambda..")
                .check(classes);
    }
}
