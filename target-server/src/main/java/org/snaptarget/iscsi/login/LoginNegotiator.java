package org.snaptarget.iscsi.login;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target side of one connection's login phase (RFC 7143 §6.3, §11.12, §11.13): stage
 * transitions, identity and access checks, AuthMethod and CHAP, operational keys, and the C-bit
 * continuation of long texts in both directions.
 *
 * <p>Stages run security (CSG 0) → operational (CSG 1) → full feature (NSG 3). The first request
 * may start in either login stage; every later request must carry the stage we are in, and a
 * transit request must name a later stage (1 or 3). We transit only when the initiator asks to,
 * to the stage it names, and — in the security stage — only once authentication has passed; until
 * then we answer T=0. The Microsoft initiator always passes through security even with
 * AuthMethod=None, so the first normal-session response always carries TargetPortalGroupTag
 * (and TargetAlias if set), whatever the stage.
 *
 * <p>The first complete request must name the initiator (InitiatorName) and, for a normal session,
 * an existing target that admits it; these identity keys may be repeated later only with the same
 * value (libiscsi repeats them in the operational stage). An initiator sending a target-only
 * declaration (TargetAlias, TargetAddress, TargetPortalGroupTag) commits a protocol error. A
 * target with a CHAP secret requires CHAP: an offer of None alone, or skipping the security stage,
 * fails with 02/01. Security keys outside the security stage are a protocol error; operational
 * keys sent early, in the security stage, are answered there rather than refused. Our
 * MaxRecvDataSegmentLength is declared once, in the first operational-stage response, because
 * the Linux initiator refuses operational keys it did not expect in the security stage.
 *
 * <p>Continuation: a request with C=1 is buffered (at most {@value #MAX_REQUEST_TEXT} bytes) and
 * answered with an empty T=0 response; a response longer than the {@value #LOGIN_SEGMENT_LIMIT}
 * bytes allowed during login (RFC 7143 §13.12) goes out in C=1 pieces, one per empty request,
 * and only its last piece carries the T bit.
 *
 * <p>Failure: any violation produces one response with a non-zero status (never an exception);
 * {@link #failed()} is then true and the connection must close after sending it. Not thread-safe:
 * one connection's event loop calls it.
 */
public final class LoginNegotiator {

    static final int SECURITY = 0;
    static final int OPERATIONAL = 1;
    static final int FULL_FEATURE = 3;
    /** Data segment limit in both directions while logging in (RFC 7143 §13.12). */
    static final int LOGIN_SEGMENT_LIMIT = 8192;
    /** Largest request text we assemble from C=1 pieces. */
    static final int MAX_REQUEST_TEXT = 64 * 1024;
    /**
     * Most Login Requests one login may take. A real login needs fewer than ten (CHAP takes three
     * in the security stage); the bound stops an initiator from holding a connection in login by
     * never asking to transit.
     */
    static final int MAX_LOGIN_REQUESTS = 128;

    private static final Logger LOG = LoggerFactory.getLogger(LoginNegotiator.class);
    /** Declarations naming the session's parties; handled by {@link #identify}, never answered. */
    private static final Set<String> IDENTITY_KEYS = Set.of(KeyNames.INITIATOR_NAME, KeyNames.TARGET_NAME,
            KeyNames.SESSION_TYPE, KeyNames.INITIATOR_ALIAS);

    private enum Auth { UNDECIDED, NONE, CHAP }

    private final TargetCatalog catalog;
    private final Portal localPortal;
    private final TargetLimits limits;
    private final RandomGenerator random;

    private int stage = -1;
    private int requests;
    private long isid = -1;
    private final ByteArrayOutputStream requestText = new ByteArrayOutputStream();
    private byte[] responseText;
    private int responseOffset;
    private boolean responseTransit;
    private int responseNsg;

    private boolean identified;
    private final Map<String, String> identity = new HashMap<>();
    private SessionType type;
    private String initiatorName;
    private String initiatorAlias;
    private TargetEntry target;
    private OperationalNegotiation operational;
    private Auth auth = Auth.UNDECIDED;
    private ChapExchange chap;

    private boolean complete;
    private boolean failed;
    private String failureReason;
    private NegotiatedSession session;

    /**
     * @param localPortal the portal this connection arrived on (its TPGT and address are used
     *                    when a target lists no matching portal)
     * @param random      source of CHAP identifiers and challenges: a {@link java.security.SecureRandom}
     *                    in production, a seeded generator in tests
     */
    public LoginNegotiator(TargetCatalog catalog, Portal localPortal, TargetLimits limits,
                           RandomGenerator random) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.localPortal = Objects.requireNonNull(localPortal, "localPortal");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Answers one Login Request; never throws for any request content. */
    public LoginResponse process(LoginRequest request) {
        if (request == null) {
            return fail(0, LoginStatus.INITIATOR_ERROR, "null login request");
        }
        try {
            return step(request);
        } catch (LoginFailure f) {
            return fail(request.csg(), f.status(), f.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("login negotiation failed unexpectedly", e);
            return fail(request.csg(), LoginStatus.TARGET_ERROR, "internal error: " + e);
        }
    }

    /** True once the response that enters full-feature phase (T=1, NSG=3, status 0) was produced. */
    public boolean complete() {
        return complete;
    }

    /** Non-null once complete(). */
    public NegotiatedSession session() {
        return session;
    }

    /** True once a response with a non-zero status class was produced: the connection must close after sending it. */
    public boolean failed() {
        return failed;
    }

    /**
     * The target portal group tag this login announced (RFC 7143 §13.9) — for the I_T nexus
     * target port name {@code TargetName + ",t,0x" + TPGT}; in a discovery session, the local
     * portal's tag. Meaningful once the first request was accepted.
     */
    public int portalGroupTag() {
        return target != null ? target.portalGroupTagFor(localPortal) : localPortal.tpgt();
    }

    /** Why the login failed, for the log; null unless {@link #failed()}. */
    public String failureReason() {
        return failureReason;
    }

    private LoginResponse step(LoginRequest request) throws LoginFailure {
        if (complete || failed) {
            throw new LoginFailure(LoginStatus.INITIATOR_ERROR, "login request after the login phase ended");
        }
        if (++requests > MAX_LOGIN_REQUESTS) {
            throw new LoginFailure(LoginStatus.INITIATOR_ERROR,
                    "login did not finish within " + MAX_LOGIN_REQUESTS + " requests");
        }
        checkHeader(request);
        if (responseText != null) {
            if (request.text().length != 0 || request.continueFlag()) {
                throw new LoginFailure(LoginStatus.INITIATOR_ERROR,
                        "expected an empty request while the target's response continues");
            }
            return nextResponsePiece(request.csg());
        }
        if (requestText.size() + request.text().length > MAX_REQUEST_TEXT) {
            throw new LoginFailure(LoginStatus.INITIATOR_ERROR,
                    "login text exceeds " + MAX_REQUEST_TEXT + " bytes across continued requests");
        }
        requestText.writeBytes(request.text());
        if (request.continueFlag()) {
            return new LoginResponse(0, 0, false, false, request.csg(), 0, 0, 0, new byte[0]);
        }
        byte[] text = requestText.toByteArray();
        requestText.reset();
        List<KeyValue> keys;
        try {
            keys = TextCodec.parse(text);
        } catch (MalformedTextException e) {
            throw new LoginFailure(LoginStatus.INITIATOR_ERROR, "malformed login text: " + e.getMessage());
        }
        return negotiate(request, keys);
    }

    private void checkHeader(LoginRequest request) throws LoginFailure {
        if (request.transit() && request.continueFlag()) {
            throw new LoginFailure(LoginStatus.INITIATOR_ERROR, "login request has both T and C set");
        }
        if (request.versionMin() != 0) {
            throw new LoginFailure(LoginStatus.UNSUPPORTED_VERSION, "initiator's version range "
                    + request.versionMin() + ".." + request.versionMax() + " excludes version 0");
        }
        int csg = request.csg();
        if (stage < 0 ? (csg != SECURITY && csg != OPERATIONAL) : csg != stage) {
            throw new LoginFailure(LoginStatus.INITIATOR_ERROR, "login request in stage " + csg
                    + (stage < 0 ? ", which cannot start a login" : " while the login is in stage " + stage));
        }
        if (request.transit() && !((request.nsg() == OPERATIONAL || request.nsg() == FULL_FEATURE) && request.nsg() > csg)) {
            throw new LoginFailure(LoginStatus.INITIATOR_ERROR,
                    "illegal transit from stage " + csg + " to stage " + request.nsg());
        }
        if (isid >= 0 && request.isid() != isid) {
            throw new LoginFailure(LoginStatus.INITIATOR_ERROR, "ISID changed during login");
        }
        stage = csg;
        isid = request.isid();
    }

    private LoginResponse negotiate(LoginRequest request, List<KeyValue> keys) throws LoginFailure {
        List<KeyValue> answers = new ArrayList<>();
        if (identified) {
            checkSameIdentity(keys);
        } else {
            identify(keys, answers);
        }
        Map<String, String> security = new LinkedHashMap<>();
        List<KeyValue> operationalOffers = new ArrayList<>();
        List<KeyValue> otherAnswers = new ArrayList<>();
        for (KeyValue kv : keys) {
            String k = kv.key();
            if (IDENTITY_KEYS.contains(k)) {
                continue;
            }
            if (k.equals(KeyNames.AUTH_METHOD) || KeyNames.CHAP_KEYS.contains(k)) {
                security.put(k, kv.value());
            } else if (OperationalKey.byName(k).isPresent()) {
                operationalOffers.add(kv);
            } else if (KeyNames.TARGET_DECLARATIONS.contains(k)) {
                throw new LoginFailure(LoginStatus.INITIATOR_ERROR, k + " is declared only by targets");
            } else if (k.equals(KeyNames.SEND_TARGETS)) {
                otherAnswers.add(KeyValue.reject(k));
            } else {
                otherAnswers.add(KeyValue.notUnderstood(k));
            }
        }
        boolean transit = request.transit();
        if (request.csg() == SECURITY) {
            answers.addAll(security(security));
            transit = transit && securityStageMayEnd();
        } else {
            if (!security.isEmpty()) {
                throw new LoginFailure(LoginStatus.INITIATOR_ERROR,
                        "security keys " + security.keySet() + " in the operational stage");
            }
            requireAuthenticated();
        }
        List<KeyValue> operationalAnswers = operational.negotiate(operationalOffers);
        answers.addAll(operationalAnswers);
        answers.addAll(otherAnswers);
        if (request.csg() == OPERATIONAL && operationalAnswers.stream()
                .noneMatch(a -> a.key().equals(OperationalKey.MAX_RECV_DATA_SEGMENT_LENGTH.keyName()))) {
            operational.declarationOnce().ifPresent(answers::add);
        }
        responseText = TextCodec.encode(answers);
        responseOffset = 0;
        responseTransit = transit;
        responseNsg = request.nsg();
        return nextResponsePiece(request.csg());
    }

    private void identify(List<KeyValue> keys, List<KeyValue> answers) throws LoginFailure {
        for (KeyValue kv : keys) {
            if (IDENTITY_KEYS.contains(kv.key())) {
                identity.put(kv.key(), kv.value());
            }
        }
        initiatorName = identity.get(KeyNames.INITIATOR_NAME);
        if (initiatorName == null || initiatorName.isEmpty()) {
            throw new LoginFailure(LoginStatus.MISSING_PARAMETER, "first login request lacks InitiatorName");
        }
        requireNameLength(KeyNames.INITIATOR_NAME, initiatorName);
        initiatorAlias = identity.get(KeyNames.INITIATOR_ALIAS);
        String sessionType = identity.getOrDefault(KeyNames.SESSION_TYPE, "Normal");
        type = switch (sessionType) {
            case "Normal" -> SessionType.NORMAL;
            case "Discovery" -> SessionType.DISCOVERY;
            default -> throw new LoginFailure(LoginStatus.INITIATOR_ERROR,
                    "SessionType=" + sessionType + " is neither Normal nor Discovery");
        };
        if (type == SessionType.NORMAL) {
            String targetName = identity.get(KeyNames.TARGET_NAME);
            if (targetName == null || targetName.isEmpty()) {
                throw new LoginFailure(LoginStatus.MISSING_PARAMETER, "normal session login lacks TargetName");
            }
            requireNameLength(KeyNames.TARGET_NAME, targetName);
            target = catalog.find(targetName).orElseThrow(() -> new LoginFailure(LoginStatus.NOT_FOUND,
                    "no target named " + targetName));
            if (!target.admits(initiatorName)) {
                throw new LoginFailure(LoginStatus.AUTHORIZATION_FAILURE,
                        initiatorName + " is not in the access list of " + targetName);
            }
            target.announcedAlias().ifPresent(a -> answers.add(new KeyValue(KeyNames.TARGET_ALIAS, a)));
            answers.add(new KeyValue(KeyNames.TARGET_PORTAL_GROUP_TAG,
                    Integer.toString(target.portalGroupTagFor(localPortal))));
        }
        operational = new OperationalNegotiation(limits, type);
        identified = true;
    }

    private static void requireNameLength(String key, String name) throws LoginFailure {
        if (name.getBytes(StandardCharsets.UTF_8).length > KeyNames.MAX_ISCSI_NAME_BYTES) {
            throw new LoginFailure(LoginStatus.INITIATOR_ERROR,
                    key + " is longer than " + KeyNames.MAX_ISCSI_NAME_BYTES + " bytes");
        }
    }

    private void checkSameIdentity(List<KeyValue> keys) throws LoginFailure {
        for (KeyValue kv : keys) {
            switch (kv.key()) {
                case KeyNames.INITIATOR_NAME, KeyNames.TARGET_NAME, KeyNames.SESSION_TYPE -> {
                    String first = identity.get(kv.key());
                    boolean same = first == null
                            ? kv.key().equals(KeyNames.SESSION_TYPE) && kv.value().equals("Normal") && type == SessionType.NORMAL
                            : first.equals(kv.value());
                    if (!same) {
                        throw new LoginFailure(LoginStatus.INITIATOR_ERROR,
                                kv.key() + " redeclared during login with a different value");
                    }
                }
                case KeyNames.INITIATOR_ALIAS -> initiatorAlias = kv.value();
                default -> { }
            }
        }
    }

    /** AuthMethod selection and the CHAP exchange (RFC 7143 §6.3 security negotiation, §12). */
    private List<KeyValue> security(Map<String, String> keys) throws LoginFailure {
        List<KeyValue> out = new ArrayList<>();
        String methods = keys.remove(KeyNames.AUTH_METHOD);
        if (methods != null) {
            if (auth != Auth.UNDECIDED) {
                throw new LoginFailure(LoginStatus.INITIATOR_ERROR, "AuthMethod negotiated twice");
            }
            List<String> offered = ValueFormats.parseList(methods);
            if (chapRequired()) {
                if (!offered.contains("CHAP")) {
                    throw new LoginFailure(LoginStatus.AUTHENTICATION_FAILURE,
                            "target " + target.name() + " requires CHAP; initiator offered AuthMethod=" + methods);
                }
                auth = Auth.CHAP;
                chap = new ChapExchange(target.chap().orElseThrow(), target.mutualChap(), random);
                out.add(new KeyValue(KeyNames.AUTH_METHOD, "CHAP"));
            } else if (offered.contains("None")) {
                auth = Auth.NONE;
                out.add(new KeyValue(KeyNames.AUTH_METHOD, "None"));
            } else {
                throw new LoginFailure(LoginStatus.AUTHENTICATION_FAILURE,
                        "no CHAP secret is configured here, so only AuthMethod=None is possible; initiator offered "
                                + methods);
            }
        }
        if (!keys.isEmpty()) {
            if (auth != Auth.CHAP) {
                throw new LoginFailure(LoginStatus.INITIATOR_ERROR, "CHAP keys " + keys.keySet()
                        + " without AuthMethod=CHAP");
            }
            out.addAll(chap.accept(keys));
        }
        return out;
    }

    /** Whether the security stage may end now, deciding on no authentication if none was negotiated. */
    private boolean securityStageMayEnd() throws LoginFailure {
        return switch (auth) {
            case UNDECIDED -> {
                requireAuthenticated();
                yield true;
            }
            case NONE -> true;
            case CHAP -> chap.done();
        };
    }

    /** Leaving (or skipping) the security stage: fine unless the target wants CHAP and it did not pass. */
    private void requireAuthenticated() throws LoginFailure {
        if (auth == Auth.CHAP && chap.done() || auth == Auth.NONE) {
            return;
        }
        if (chapRequired()) {
            throw new LoginFailure(LoginStatus.AUTHENTICATION_FAILURE,
                    "target " + target.name() + " requires CHAP, but the initiator left the security stage without it");
        }
        auth = Auth.NONE;
    }

    private boolean chapRequired() {
        return type == SessionType.NORMAL && target.chap().isPresent();
    }

    private LoginResponse nextResponsePiece(int csg) {
        int n = Math.min(LOGIN_SEGMENT_LIMIT, responseText.length - responseOffset);
        byte[] piece = Arrays.copyOfRange(responseText, responseOffset, responseOffset + n);
        responseOffset += n;
        if (responseOffset < responseText.length) {
            return new LoginResponse(0, 0, false, true, csg, 0, 0, 0, piece);
        }
        boolean transit = responseTransit;
        int nsg = transit ? responseNsg : 0;
        responseText = null;
        if (transit) {
            stage = nsg;
            if (nsg == FULL_FEATURE) {
                complete = true;
                session = new NegotiatedSession(type, initiatorName, initiatorAlias,
                        type == SessionType.NORMAL ? target : null, isid, operational.result());
            }
        }
        return new LoginResponse(0, 0, transit, false, csg, nsg, 0, 0, piece);
    }

    private LoginResponse fail(int csg, LoginStatus status, String reason) {
        failed = true;
        failureReason = reason;
        LOG.debug("login refused with {}/{}: {}", status.statusClass(), status.detail(), reason);
        return new LoginResponse(status.statusClass(), status.detail(), false, false, csg & 0x3, 0, 0, 0, new byte[0]);
    }
}
