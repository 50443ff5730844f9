package io.attnflow.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of docs/DESIGN.md (Dependency rules), checked on the compiled main classes: the model math
 * (the JDK and JGraphT) knows nothing of storage, the API knows nothing of DJL, and only the graph module talks to
 * Neo4j.
 */
class DependencyRulesTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.attnflow");
    }

    /** JGraphT is pure-Java maths (the max-flow of attention flow); core stays free of storage, DJL and HTTP. */
    @Test
    void coreDependsOnNothingButTheJdkAndJGraphT() {
        classes()
                .that()
                .resideInAPackage("io.attnflow.core..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("io.attnflow.core..", "java..", "org.jgrapht..")
                .check(main);
    }

    /** Core is pure computation: files, streams and resources are read by ingest, graph or app and handed in. */
    @Test
    void coreDoesNoInputOrOutput() {
        noClasses()
                .that()
                .resideInAPackage("io.attnflow.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.io..", "java.nio.file..")
                .check(main);
    }

    @Test
    void onlyTheGraphModuleTalksToNeo4j() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.attnflow.graph..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.neo4j..")
                .check(main);
    }

    @Test
    void onlyTheIngestModuleUsesDjl() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.attnflow.ingest..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.djl..")
                .check(main);
    }

    @Test
    void onlyTheApiModuleUsesJavalin() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.attnflow.api..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.javalin..")
                .check(main);
    }

    @Test
    void theModelRuntimeKnowsNothingOfStorageOrHttp() {
        noClasses()
                .that()
                .resideInAPackage("io.attnflow.ingest..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.attnflow.graph..", "io.attnflow.api..", "io.attnflow.app..")
                .check(main);
    }

    @Test
    void theGraphModuleKnowsNothingOfTheModelRuntimeOrHttp() {
        noClasses()
                .that()
                .resideInAPackage("io.attnflow.graph..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.attnflow.ingest..", "io.attnflow.api..", "io.attnflow.app..")
                .check(main);
    }

    @Test
    void theApiKnowsNothingOfTheModelRuntimeOrTheCli() {
        noClasses()
                .that()
                .resideInAPackage("io.attnflow.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.attnflow.ingest..", "io.attnflow.app..")
                .check(main);
    }
}
