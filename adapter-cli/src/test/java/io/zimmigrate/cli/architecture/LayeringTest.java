package io.zimmigrate.cli.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of the design (README's module map): core is pure (no HTTP stack, no framework, no file I/O), the
 * model sits at the bottom of core, and the adapters never import each other. It lives in adapter-cli's tests
 * because every module is on this classpath; only production classes are checked (tests may use anything).
 */
@AnalyzeClasses(packages = "io.zimmigrate", importOptions = {ImportOption.DoNotIncludeTests.class,
        LayeringTest.NoTestJars.class})
class LayeringTest {
    /** The other modules' test fixtures reach this classpath as {@code *-tests.jar}; they are tests too. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar") && !location.contains("/test-classes/");
        }
    }

    private static final String CORE = "io.zimmigrate.core..";

    @ArchTest
    static final ArchRule coreSpeaksNoHttp = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "io.netty..", "okhttp3..",
                    "org.apache.hc..", "org.apache.http..", "javax.net..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.HttpURLConnection")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
            .because("core knows no transport: the adapters bring HTTP through the ZimTransport port");

    @ArchTest
    static final ArchRule coreUsesNoFramework = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "feign..", "picocli..",
                    "software.amazon..", "me.tongfei..", "io.micrometer..")
            .because("core is a library an embedder calls from any framework");

    @ArchTest
    static final ArchRule coreDoesNoFileIo = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.nio.channels..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileReader")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileWriter")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
            .because("files are an adapter's business: core reads and writes through its ports "
                    + "(MessageSource, Journal, PlanStore, ScratchSpace)");

    @ArchTest
    static final ArchRule modelDependsOnNothingElseInCore = noClasses()
            .that().resideInAPackage("io.zimmigrate.core.model..")
            .should().dependOnClassesThat(resideInAPackage(CORE).and(resideOutsideOfPackage("io.zimmigrate.core.model..")))
            .because("the model is the vocabulary every layer shares; rules depend on it, not the other way round");

    /**
     * Core's packages form layers: model at the bottom, then rules (each field's rule and the words of a rejection),
     * input (records as sources read them), the ports, validation (the rules of a whole record and input), plan,
     * engine. A cycle would make any of them impossible to understand or change alone.
     */
    @ArchTest
    static final ArchRule coreHasNoPackageCycles = slices().matching("io.zimmigrate.core.(*)..").namingSlices("$1")
            .should().beFreeOfCycles()
            .because("each package of core can then be read, tested and changed from the ones below it");

    @ArchTest
    static final ArchRule portSpeaksTheDomain = noClasses().that().resideInAPackage("io.zimmigrate.core.port..")
            .should().dependOnClassesThat().resideInAnyPackage("io.zimmigrate.core.wire..", "io.zimmigrate.core.gateway..")
            .because("the port's operations and results are domain types; ZIM's wire records stay in the protocol");

    @ArchTest
    static final ArchRule onlyThePortLeadsToTheProtocol = noClasses().that().resideInAPackage(CORE)
            .and().resideOutsideOfPackage("io.zimmigrate.core.gateway..")
            .should().dependOnClassesThat().resideInAPackage("io.zimmigrate.core.gateway..")
            .because("the engine reaches ZIM through core.port.ZimGateway; the protocol is one implementation of it");

    @ArchTest
    static final ArchRule adaptersNeverImportEachOther = slices()
            .matching("io.zimmigrate.(files|feign|vertx|emulator)..").namingSlices("$1")
            .should().notDependOnEachOther()
            .because("each adapter implements core's ports alone; only the CLI (the application) assembles them");

    @ArchTest
    static final ArchRule nothingButTheAppImportsTheCli = noClasses().that().resideOutsideOfPackages("io.zimmigrate.cli..",
            "io.zimmigrate.bench..")
            .should().dependOnClassesThat().resideInAPackage("io.zimmigrate.cli..");

    @ArchTest
    static final ArchRule coreImportsNoAdapter = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("io.zimmigrate.files..", "io.zimmigrate.feign..",
                    "io.zimmigrate.vertx..", "io.zimmigrate.emulator..", "io.zimmigrate.cli..");
}
