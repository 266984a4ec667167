package org.snaptarget.scsi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.snaptarget.scsi.sense.SenseException;
import org.snaptarget.scsi.sense.SenseReason;

/**
 * The reservations of one logical unit: SPC-4 persistent reservations (§5.13) and the older SPC-2
 * RESERVE/RELEASE reservation (SPC-2 §5.5.1), and the conflict check the dispatcher runs before
 * every command.
 *
 * <p>Concurrency: the persistent state is an immutable {@link ReservationState} in a volatile
 * field, so the conflict check on the event loop reads it without locking. PERSISTENT RESERVE OUT
 * service actions (on storage threads) serialise on {@code this}, compute the new state, persist it
 * when APTPL is on — before anyone can see it, so GOOD is only returned for a state that survives a
 * crash — then publish it and queue the unit attentions SPC-4 requires.
 *
 * <p>Each service-action method returns {@code false} for RESERVATION CONFLICT and throws
 * {@link SenseException} for the ILLEGAL REQUEST cases. Generation counting follows §6.16.2: REGISTER,
 * REGISTER AND IGNORE EXISTING KEY (when they change something), CLEAR, PREEMPT, PREEMPT AND ABORT
 * and REGISTER AND MOVE increment it; RESERVE and RELEASE do not.
 *
 * <p>A registration may cover more than the nexus that made it (SPEC_I_PT TransportIDs naming an
 * initiator device, ALL_TG_PT; see {@link ReservationState}): every service action first finds the
 * registration covering the sending nexus and acts on it, and unit attentions and PREEMPT AND
 * ABORT reach every known nexus a changed registration covers.
 */
public final class Reservations {

    private final Path file;
    private final UnitAttentions attentions;
    private final TaskSet tasks;
    private volatile ReservationState state;
    private volatile ItNexus spc2Holder;

    /**
     * @param file where APTPL state lives, or {@code null} when this LU cannot persist it
     * @throws IOException when an existing state file cannot be read
     */
    Reservations(Path file, UnitAttentions attentions, TaskSet tasks) throws IOException {
        this.file = file;
        this.attentions = attentions;
        this.tasks = tasks;
        this.state = file == null ? ReservationState.EMPTY : ReservationFile.load(file);
    }

    /** @return the current persistent reservation state */
    public ReservationState state() {
        return state;
    }

    /** @return whether APTPL=1 can be honoured (PTPL_C) */
    public boolean persistenceSupported() {
        return file != null;
    }

    /** @return the nexus holding an SPC-2 reservation, or {@code null} */
    public ItNexus spc2Holder() {
        return spc2Holder;
    }

    /**
     * @return whether the command conflicts: under an SPC-2 reservation every command from another
     *         nexus conflicts except those flagged {@link CommandFlag#ALLOWED_UNDER_RESERVATION};
     *         otherwise the persistent reservation decides by the command's medium access
     */
    boolean conflicts(ItNexus nexus, CommandDescriptor d) {
        ItNexus reserver = spc2Holder;
        if (reserver != null && !reserver.equals(nexus)) {
            return !d.has(CommandFlag.ALLOWED_UNDER_RESERVATION);
        }
        return state.conflicts(nexus, d.access());
    }

    /** RESERVE(6)/(10): conflicts while another nexus holds it or any persistent reservation exists. */
    public synchronized boolean reserveSpc2(ItNexus nexus) {
        if (state.reserved() || (spc2Holder != null && !spc2Holder.equals(nexus))) {
            return false;
        }
        spc2Holder = nexus;
        return true;
    }

    /** RELEASE(6)/(10): releases only the caller's own reservation; from anyone else it is a no-op. */
    public synchronized void releaseSpc2(ItNexus nexus) {
        if (nexus.equals(spc2Holder)) {
            spc2Holder = null;
        }
    }

    /** A LOGICAL UNIT RESET or a target reset releases the SPC-2 reservation (SPC-2 §5.5.1). */
    synchronized void resetSpc2() {
        spc2Holder = null;
    }

    /** The loss of the holder's nexus releases the SPC-2 reservation; persistent state is kept. */
    synchronized void nexusLost(ItNexus nexus) {
        if (nexus.equals(spc2Holder)) {
            spc2Holder = null;
        }
    }

    /**
     * An initiator port a REGISTER with SPEC_I_PT=1 names by TransportID (SPC-4 §6.16.3): an iSCSI
     * initiator port name, or a bare iSCSI name for format 00h; {@code parameterOffset} is where its
     * TransportID starts in the parameter list, for the field pointer of an error.
     */
    public record SpecifiedPort(String initiatorName, int parameterOffset) {
    }

    /** REGISTER (ignoreExisting=false) and REGISTER AND IGNORE EXISTING KEY (true) without SPEC_I_PT or ALL_TG_PT. */
    public boolean register(ItNexus nexus, long key, long serviceActionKey, boolean ignoreExisting, boolean aptpl)
            throws IOException, SenseException {
        return register(nexus, key, serviceActionKey, ignoreExisting, aptpl, false, false, List.of());
    }

    /**
     * REGISTER and REGISTER AND IGNORE EXISTING KEY (SPC-4 §5.13.7, §6.16.3).
     *
     * <p>An unregistered nexus with a non-zero service action key registers itself and, with
     * SPEC_I_PT, every specified initiator port through the same target port — all of them or, on
     * any error, none. With ALL_TG_PT each new registration covers every target port of the target
     * (SnapTarget's target ports are its portal groups; with one portal group that is the same I_T
     * nexus set). A registered nexus changes or (key 0) removes the registration covering it; its
     * ALL_TG_PT must match that registration's, and it may not use SPEC_I_PT.
     *
     * @param specIPt   SPEC_I_PT (only for REGISTER; the caller refuses it otherwise)
     * @param specified the initiator ports of the TransportID list (empty without SPEC_I_PT)
     * @throws SenseException INVALID FIELD IN CDB for SPEC_I_PT from a registered nexus; INVALID FIELD
     *                        IN PARAMETER LIST for a TransportID naming a nexus already registered
     *                        or named twice, or an ALL_TG_PT that contradicts an existing registration
     */
    public synchronized boolean register(ItNexus nexus, long key, long serviceActionKey, boolean ignoreExisting,
                                         boolean aptpl, boolean allTgPt, boolean specIPt, List<SpecifiedPort> specified)
            throws IOException, SenseException {
        ReservationState s = state;
        ItNexus me = s.registrant(nexus);
        Long current = me == null ? null : s.registrations().get(me);
        if (!ignoreExisting && (current == null ? key != 0 : current != key)) {
            return false;
        }
        if (me == null && serviceActionKey == 0) {
            if (aptpl != s.aptpl()) {
                publish(new ReservationState(s.generation(), s.registrations(), s.holder(), s.type(), aptpl,
                        s.allTargetPorts()));
            }
            return true;
        }
        Map<ItNexus, Long> regs = new LinkedHashMap<>(s.registrations());
        Set<ItNexus> allPorts = new LinkedHashSet<>(s.allTargetPorts());
        ItNexus holder = s.holder();
        ReservationType type = s.type();
        List<ItNexus> released = List.of();
        if (me != null) {
            if (specIPt) {
                throw SenseException.invalidCdbField(1, 4);
            }
            if (allTgPt != allPorts.contains(me)) {
                throw SenseException.invalidParameterField(20, 2);
            }
            if (serviceActionKey == 0) {
                regs.remove(me);
                if (s.reserved() && (s.type().allRegistrants() ? regs.isEmpty() : s.holder().equals(me))) {
                    released = s.type().registrantsHaveAccess() ? new ArrayList<>(regs.keySet()) : List.of();
                    holder = null;
                    type = null;
                } else if (s.reserved() && s.type().allRegistrants() && s.holder().equals(me)) {
                    holder = regs.keySet().iterator().next();
                }
            } else {
                regs.put(me, serviceActionKey);
            }
        } else {
            for (ItNexus added : newRegistrations(s, nexus, allTgPt, specified)) {
                regs.put(added, serviceActionKey);
                if (allTgPt) {
                    allPorts.add(added);
                }
            }
        }
        ReservationState next = new ReservationState(s.generation() + 1, regs, holder, type, aptpl, allPorts);
        publish(next);
        notifyCovered(s, released, nexus, SenseReason.RESERVATIONS_RELEASED);
        return true;
    }

    /**
     * The registrations an unregistered nexus's REGISTER adds: its own, then one per specified
     * port (a TransportID naming exactly the sender's own port adds nothing). None may cover a
     * nexus an existing registration or another new one covers.
     */
    private static List<ItNexus> newRegistrations(ReservationState s, ItNexus nexus, boolean allTgPt,
                                                  List<SpecifiedPort> specified) throws SenseException {
        List<ItNexus> added = new ArrayList<>();
        if (clashes(s, added, nexus, allTgPt)) {
            throw SenseException.invalidParameterField(20, 2);
        }
        added.add(nexus);
        for (SpecifiedPort port : specified) {
            if (port.initiatorName().equals(nexus.initiatorPortName())) {
                continue;
            }
            ItNexus n = new ItNexus(port.initiatorName(), nexus.targetPortName(), nexus.relativeTargetPortId());
            if (clashes(s, added, n, allTgPt)) {
                throw SenseException.invalidParameterField(port.parameterOffset());
            }
            added.add(n);
        }
        return added;
    }

    private static boolean clashes(ReservationState s, List<ItNexus> added, ItNexus candidate, boolean allTgPt) {
        for (ItNexus r : s.registrations().keySet()) {
            if (ReservationState.overlap(r, s.allTargetPorts().contains(r), candidate, allTgPt)) {
                return true;
            }
        }
        for (ItNexus r : added) {
            if (ReservationState.overlap(r, allTgPt, candidate, allTgPt)) {
                return true;
            }
        }
        return false;
    }

    /** RESERVE (SPC-4 §5.13.9): the caller must be registered with this key. */
    public synchronized boolean reserve(ItNexus nexus, long key, ReservationType type) throws IOException {
        ReservationState s = state;
        ItNexus me = s.registrant(nexus);
        if (me == null || s.registrations().get(me) != key) {
            return false;
        }
        if (s.reserved()) {
            return s.isHolder(nexus) && s.type() == type;
        }
        if (spc2Holder != null && !spc2Holder.equals(nexus)) {
            return false;
        }
        publish(new ReservationState(s.generation(), s.registrations(), me, type, s.aptpl(), s.allTargetPorts()));
        return true;
    }

    /**
     * RELEASE (SPC-4 §5.13.11.2): a registered non-holder's release is a no-op; the holder's with
     * another type is INVALID RELEASE OF PERSISTENT RESERVATION.
     */
    public synchronized boolean release(ItNexus nexus, long key, ReservationType type) throws IOException, SenseException {
        ReservationState s = state;
        ItNexus me = s.registrant(nexus);
        if (me == null || s.registrations().get(me) != key) {
            return false;
        }
        if (!s.reserved() || !s.isHolder(nexus)) {
            return true;
        }
        if (s.type() != type) {
            throw SenseException.of(SenseReason.INVALID_RELEASE_OF_PERSISTENT_RESERVATION);
        }
        publish(new ReservationState(s.generation(), s.registrations(), null, null, s.aptpl(), s.allTargetPorts()));
        if (s.type().registrantsHaveAccess()) {
            notifyCovered(s, s.registrations().keySet(), nexus, SenseReason.RESERVATIONS_RELEASED);
        }
        return true;
    }

    /** CLEAR (SPC-4 §5.13.11.3): removes the reservation and every registration. */
    public synchronized boolean clear(ItNexus nexus, long key) throws IOException {
        ReservationState s = state;
        ItNexus me = s.registrant(nexus);
        if (me == null || s.registrations().get(me) != key) {
            return false;
        }
        publish(new ReservationState(s.generation() + 1, Map.of(), null, null, s.aptpl()));
        notifyCovered(s, s.registrations().keySet(), nexus, SenseReason.RESERVATIONS_PREEMPTED);
        return true;
    }

    /**
     * PREEMPT and PREEMPT AND ABORT (SPC-4 §5.13.11.4). Removes the registrations with the service
     * action key (never the caller's own), and when that key is the holder's — or is zero under an
     * all-registrants reservation, which then preempts every other registrant — replaces the
     * reservation with one of the caller's with the given type. Every nexus a removed registration
     * covered gets REGISTRATIONS PREEMPTED; with {@code abort} its tasks on this LU are aborted.
     *
     * @throws SenseException INVALID FIELD IN PARAMETER LIST for a zero key without an all-registrants reservation
     */
    public synchronized boolean preempt(ItNexus nexus, long key, long serviceActionKey, ReservationType type,
                                        boolean abort) throws IOException, SenseException {
        ReservationState s = state;
        ItNexus me = s.registrant(nexus);
        if (me == null || s.registrations().get(me) != key) {
            return false;
        }
        Map<ItNexus, Long> regs = new LinkedHashMap<>(s.registrations());
        List<ItNexus> removed = new ArrayList<>();
        ItNexus holder = s.holder();
        ReservationType newType = s.type();
        if (serviceActionKey == 0) {
            if (!s.reserved() || !s.type().allRegistrants()) {
                throw SenseException.invalidParameterField(8);
            }
            for (ItNexus n : s.registrations().keySet()) {
                if (!n.equals(me)) {
                    removed.add(n);
                }
            }
            holder = me;
            newType = type;
        } else {
            for (Map.Entry<ItNexus, Long> e : s.registrations().entrySet()) {
                if (e.getValue() == serviceActionKey && !e.getKey().equals(me)) {
                    removed.add(e.getKey());
                }
            }
            boolean preemptsHolder = s.reserved() && !s.type().allRegistrants()
                                     && s.registrations().get(s.holder()) == serviceActionKey;
            if (preemptsHolder) {
                holder = me;
                newType = type;
            } else if (removed.isEmpty()) {
                return false;
            }
        }
        removed.forEach(regs::remove);
        if (newType != null && !regs.containsKey(holder)) {
            holder = me;
        }
        publish(new ReservationState(s.generation() + 1, regs, holder, newType, s.aptpl(), s.allTargetPorts()));
        notifyCovered(s, removed, null, SenseReason.REGISTRATIONS_PREEMPTED);
        if (s.reserved() && (s.type() != newType || !Objects.equals(s.holder(), holder))) {
            notifyCovered(s, regs.keySet(), nexus, SenseReason.RESERVATIONS_RELEASED);
        }
        if (abort && !removed.isEmpty()) {
            tasks.abortAll(n -> coveredByAny(s, removed, n));
        }
        return true;
    }

    /**
     * REGISTER AND MOVE (SPC-4 §5.13.8): the holder registers {@code destination} with the service
     * action key and moves the reservation to it; with {@code unregister} it also leaves.
     *
     * @throws SenseException INVALID FIELD IN PARAMETER LIST when moving to itself or with a zero key;
     *                        INVALID FIELD IN CDB under an all-registrants reservation, which cannot move
     */
    public synchronized boolean registerAndMove(ItNexus nexus, long key, long serviceActionKey, ItNexus destination,
                                                boolean unregister, boolean aptpl) throws IOException, SenseException {
        ReservationState s = state;
        ItNexus me = s.registrant(nexus);
        if (me == null || s.registrations().get(me) != key) {
            return false;
        }
        if (!s.reserved() || (!s.type().allRegistrants() && !s.holder().equals(me))) {
            return false;
        }
        if (s.type().allRegistrants()) {
            throw SenseException.invalidCdbField(2);
        }
        boolean toItself = ReservationState.overlap(destination, false, me, s.allTargetPorts().contains(me));
        if (toItself || serviceActionKey == 0) {
            throw SenseException.invalidParameterField(serviceActionKey == 0 ? 8 : 24);
        }
        Map<ItNexus, Long> regs = new LinkedHashMap<>(s.registrations());
        ItNexus target = s.registrant(destination);
        if (target == null) {
            target = destination;
        }
        regs.put(target, serviceActionKey);
        if (unregister) {
            regs.remove(me);
        }
        publish(new ReservationState(s.generation() + 1, regs, target, s.type(), aptpl, s.allTargetPorts()));
        return true;
    }

    /**
     * Queues the unit attention for every known I_T nexus that one of the registrations (as they
     * were in {@code s}) covers, except {@code except}.
     */
    private void notifyCovered(ReservationState s, Collection<ItNexus> registrations, ItNexus except, SenseReason reason) {
        if (registrations.isEmpty()) {
            return;
        }
        List<ItNexus> regs = List.copyOf(registrations);
        attentions.establishWhere(n -> !n.equals(except) && coveredByAny(s, regs, n), reason);
    }

    private static boolean coveredByAny(ReservationState s, Collection<ItNexus> registrations, ItNexus nexus) {
        for (ItNexus r : registrations) {
            if (ReservationState.covers(r, s.allTargetPorts().contains(r), nexus)) {
                return true;
            }
        }
        return false;
    }

    private void publish(ReservationState next) throws IOException {
        if (file != null && (next.aptpl() || state.aptpl())) {
            ReservationFile.store(file, next);
        }
        state = next;
    }
}
