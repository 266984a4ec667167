package org.snaptarget.cli;

import org.snaptarget.admin.AdminToken;
import org.snaptarget.config.ConfigError;
import org.snaptarget.config.ConfigLoader;
import org.snaptarget.config.ConfigResult;
import org.snaptarget.config.HostPort;
import org.snaptarget.config.SnapTargetConfig;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a client command finds the running server: the configuration file names the endpoint
 * ({@code admin.listen}) and the data directory, whose {@code admin.token} holds the bearer token
 * the server wrote when it started.
 *
 * @param configFile the configuration file, as given on the command line
 * @param config     its validated model
 */
public record AdminEndpoint(Path configFile, SnapTargetConfig config) {

    public AdminEndpoint {
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(config, "config");
    }

    /**
     * Loads and validates {@code configFile}.
     *
     * @throws ClientFailure {@link ExitCodes#USAGE} when it cannot be read or is invalid (the first
     *                       error is quoted; {@code check-config} lists them all)
     */
    public static AdminEndpoint fromConfig(Path configFile) throws ClientFailure {
        ConfigResult result;
        try {
            result = ConfigLoader.load(configFile);
        } catch (NoSuchFileException e) {
            throw new ClientFailure(ExitCodes.USAGE, "cannot read " + configFile + ": no such file");
        } catch (IOException e) {
            throw new ClientFailure(ExitCodes.USAGE, "cannot read " + configFile + ": " + e.getMessage(), e);
        }
        if (!result.isValid()) {
            ConfigError first = result.errors().get(0);
            int n = result.errors().size();
            throw new ClientFailure(ExitCodes.USAGE, configFile + " is not valid (" + n + (n == 1 ? " error" : " errors")
                    + ", first: " + first + "); run: snaptarget check-config " + configFile);
        }
        return new AdminEndpoint(configFile, result.orThrow());
    }

    /** The endpoint's address as configured. */
    public HostPort listen() {
        return config.admin().listen();
    }

    /** {@code http://host:port}, IPv6 in brackets. */
    public URI baseUri() {
        return URI.create("http://" + listen());
    }

    public Path tokenFile() {
        return AdminToken.fileIn(config.dataDir());
    }

    /**
     * The token the running server wrote; read afresh each time, since every start writes a new one.
     *
     * @throws ClientFailure {@link ExitCodes#UNREACHABLE} when there is no token file (the server is not
     *                       running with this data directory), {@link ExitCodes#REFUSED} when it cannot be read
     */
    public String token() throws ClientFailure {
        try {
            return AdminToken.read(config.dataDir());
        } catch (NoSuchFileException e) {
            throw new ClientFailure(ExitCodes.UNREACHABLE, "no admin token at " + tokenFile()
                    + ": is the server running (snaptarget serve --config " + configFile + ")?");
        } catch (AccessDeniedException e) {
            throw new ClientFailure(ExitCodes.REFUSED, "cannot read " + tokenFile()
                    + ": permission denied (run as the user that runs the server)");
        } catch (IOException e) {
            throw new ClientFailure(ExitCodes.REFUSED, "cannot read " + tokenFile() + ": " + e.getMessage(), e);
        }
    }
}
